using System.Net;
using System.Net.Sockets;
using AppLauncher.Core.Dns;
using AppLauncher.Core.Domains;
using AppLauncher.Core.Manifests;
using AppLauncher.Core.Names;
using FluentValidation;

namespace AppLauncher.Core.Config;

/// <summary>Rules for the platform's <c>launcher.yaml</c>.</summary>
public sealed partial class PlatformConfigValidator : AbstractValidator<PlatformConfig>
{
    private static readonly string[] Runtimes = ["docker", "kubernetes"];
    private static readonly string[] Stores = [StoreConfig.Sqlite, StoreConfig.Postgres];

    public PlatformConfigValidator()
    {
        RuleFor(c => c.Server.Listen)
            .Must(BeHttpUrl)
            .WithMessage("must be an absolute http:// URL with a port, e.g. http://localhost:8080");

        When(c => c.Tls.Enabled, () =>
        {
            RuleFor(c => c.Tls.Listen)
                .Must(BeHttpsUrl)
                .WithMessage("must be an absolute https:// URL with a port, e.g. https://localhost:8443 (or set tls.enabled: false)");
            RuleFor(c => c.Tls.Listen)
                .Must((c, l) => !SamePort(c.Server.Listen, l))
                .WithMessage(c => $"uses the port of server.listen ({c.Server.Listen}): give HTTPS a port of its own, e.g. https://localhost:8443");
        });
        RuleFor(c => c.Tls.HstsMaxAgeSeconds).InclusiveBetween(0, 63072000)
            .WithMessage("must be between 0 (no Strict-Transport-Security header) and 63072000 seconds (two years), e.g. 31536000");

        RuleFor(c => c.Domain)
            .NotEmpty().WithMessage("is required, e.g. 'localhost' or 'apps.example.com'")
            .Must(BeDomain).WithMessage("'{PropertyValue}' is not a domain name: dot-separated DNS labels (lowercase letters, digits, '-'), at most 253 characters");

        RuleFor(c => c.DataDirectory).NotEmpty().WithMessage("is required: a directory for the store and git repositories");

        RuleFor(c => c.BuildpacksDirectory).NotEmpty().WithMessage("is required: the directory with one folder per buildpack");

        RuleFor(c => c.Store.Provider)
            .Must(p => Stores.Contains(p))
            .WithMessage($"'{{PropertyValue}}' is not a store provider; expected one of: {string.Join(", ", Stores)}");

        RuleFor(c => c.Store.ConnectionString)
            .NotEmpty()
            .When(c => c.Store.Provider == StoreConfig.Postgres)
            .WithMessage("is required for the postgres store: an Npgsql connection string (Host=…;Database=…;Username=…) or a postgres://user:password@host:port/database URL, or set LAUNCHER_DATABASE_URL");

        RuleFor(c => c.Store.StartTimeoutSeconds)
            .InclusiveBetween(0, 3600)
            .WithMessage("must be between 0 and 3600 seconds (how long to wait at start for the database), not {PropertyValue}");

        RuleFor(c => c.Runtime.Kind)
            .Must(k => Runtimes.Contains(k))
            .WithMessage($"'{{PropertyValue}}' is not a runtime; expected one of: {string.Join(", ", Runtimes)}");

        RuleFor(c => c.Runtime.Docker.Socket)
            .Must(s => s.StartsWith('/'))
            .WithMessage("must be an absolute path to the Docker Engine's unix socket, e.g. /var/run/docker.sock");

        RuleFor(c => c.Runtime.Kubernetes.Team)
            .Must(t => AppName.Validate(t) is null)
            .WithMessage("'{PropertyValue}' is a namespace name: it must be a DNS label (lowercase letters, digits, '-'), e.g. apps");
        RuleFor(c => c.Runtime.Kubernetes.ProxyNamespace)
            .Must(t => AppName.Validate(t) is null)
            .WithMessage("'{PropertyValue}' is a namespace name: it must be a DNS label (lowercase letters, digits, '-'), e.g. applauncher");
        RuleFor(c => c.Runtime.Kubernetes.Registry)
            .Must(BeRegistry)
            .WithMessage("'{PropertyValue}' is not a registry: give host[:port][/path] without a scheme, e.g. registry.example.com/launcher or 127.0.0.1:5000");
        RuleFor(c => c.Runtime.Kubernetes.DefaultMaxReplicas).InclusiveBetween(1, 10000).WithMessage("must be between 1 and 10000");

        RuleFor(c => c.Build.CaBundle).NotEmpty().WithMessage("is required: the CA bundle injected into builds");
        RuleFor(c => c.Build.TimeoutSeconds).InclusiveBetween(10, 7200).WithMessage("must be between 10 and 7200 seconds");
        RuleFor(c => c.Build.FailureLogLines).InclusiveBetween(1, 1000).WithMessage("must be between 1 and 1000");
        RuleFor(c => c.Build.NetworkMode)
            .Must(m => m is "isolated" or "host" or "none")
            .WithMessage("must be one of: isolated (the default: registries yes, this host's services no), none, host (builds reach everything on this machine)");
        RuleFor(c => c.Build.Network)
            .Must(n => n is not ("host" or "bridge" or "none") && BuildNetworkName().IsMatch(n))
            .WithMessage("'{PropertyValue}' is not a name for AppLauncher's own build network: use letters, digits, '_', '.', '-' (up to 64, not host, bridge or none), e.g. launcher-build");
        RuleFor(c => c.Build.Concurrency).InclusiveBetween(1, 64).WithMessage("must be between 1 and 64 builds at once");
        RuleFor(c => c.Build.MaxQueued).InclusiveBetween(0, 1000).WithMessage("must be between 0 (no queue: refuse when every slot is busy) and 1000");
        RuleFor(c => c.Build.Memory)
            .Must(m => ResourceQuantity.TryParse(m) is >= 64L * 1024 * 1024 and <= 1L << 40)
            .WithMessage("'{PropertyValue}' is not a memory size between 64Mi and 1Ti: write e.g. 512Mi or 2Gi");
        RuleFor(c => c.Build.Cpus).InclusiveBetween(0.1, 256).WithMessage("must be between 0.1 and 256 cores, e.g. 2");

        RuleFor(c => c.Logs.MaxSizePerApp)
            .Must(m => ResourceQuantity.TryParse(m) is >= 64L * 1024 and <= 1L << 40)
            .WithMessage("'{PropertyValue}' is not a size between 64Ki and 1Ti: write e.g. 50Mi or 1Gi (the output kept per app)");
        RuleFor(c => c.Logs.MaxAgeDays).InclusiveBetween(1, 3650).WithMessage("must be between 1 and 3650 days (output older than that is removed)");
        RuleFor(c => c.Logs.MaxLineBytes).InclusiveBetween(256, 1024 * 1024)
            .WithMessage("must be between 256 and 1048576 bytes (a longer line is cut and marked), e.g. 16384");
        RuleFor(c => c.Logs.BuildsKept).InclusiveBetween(1, 10000).WithMessage("must be between 1 and 10000 build logs per app");

        RuleFor(c => c.Gc.KeepRevisions).InclusiveBetween(1, 1000)
            .WithMessage("must be between 1 and 1000 revisions per app (the current one always stays; rollback works only to kept revisions)");
        RuleFor(c => c.Gc.IntervalMinutes).InclusiveBetween(0, 10080).WithMessage("must be between 0 (only after deploys) and 10080 minutes (a week)");

        RuleFor(c => c.Git.MaxPushBytes)
            .InclusiveBetween(1024L * 1024, 64L * 1024 * 1024 * 1024)
            .WithMessage("must be between 1048576 (1 MiB) and 68719476736 (64 GiB) bytes, e.g. 536870912 for 512 MiB");

        RuleFor(c => c.Remotes.FetchTimeoutSeconds).InclusiveBetween(5, 3600).WithMessage("must be between 5 and 3600 seconds, e.g. 120");
        RuleFor(c => c.Remotes.MinPollSeconds).InclusiveBetween(10, 86400).WithMessage("must be between 10 and 86400 seconds (a day), e.g. 30");
        RuleFor(c => c.Remotes.Concurrency).InclusiveBetween(1, 64).WithMessage("must be between 1 and 64 fetches at once, e.g. 2");
        RuleFor(c => c.Remotes.DeliveryRetentionDays).InclusiveBetween(1, 3650).WithMessage("must be between 1 and 3650 days, e.g. 30");

        RuleFor(c => c.Rebuild.Schedule).Must(s => s == "off" || RebuildConfig.Named.ContainsKey(s) || Autoscaling.CronSchedule.TryParse(s, out _) is not null)
            .WithMessage(c => $"must be weekly, daily, off or a 5-field cron expression in UTC (e.g. '0 4 * * 0'){(Autoscaling.CronSchedule.TryParse(c.Rebuild.Schedule, out var error) is null && c.Rebuild.Schedule.Contains(' ', StringComparison.Ordinal) ? ": " + error : "")}");
        RuleFor(c => c.Rebuild.StacksTimeoutMinutes).InclusiveBetween(1, 1440).WithMessage("must be between 1 and 1440 minutes (a day), e.g. 60");
        RuleFor(c => c.Rebuild.MaxQueued).InclusiveBetween(1, 100000).WithMessage("must be between 1 and 100000 rebuilds, e.g. 500");

        RuleFor(c => c.Deploy.Branch).NotEmpty().WithMessage("is required, e.g. main");
        RuleFor(c => c.Deploy.ReadyTimeoutSeconds).InclusiveBetween(1, 3600).WithMessage("must be between 1 and 3600 seconds");
        RuleFor(c => c.Deploy.DrainTimeoutSeconds).InclusiveBetween(0, 3600).WithMessage("must be between 0 and 3600 seconds");
        RuleFor(c => c.Deploy.StopGraceSeconds).InclusiveBetween(0, 600).WithMessage("must be between 0 and 600 seconds");
        RuleFor(c => c.Autoscaling.MaxInstancesPerApp).InclusiveBetween(0, 10000).WithMessage("must be between 0 (no default) and 10000 instances");
        RuleFor(c => c.Autoscaling.PlatformMaxInstances).InclusiveBetween(0, 100000).WithMessage("must be between 0 (no cap) and 100000 instances");
        RuleFor(c => c.Runtime.Docker.Containment.PidsLimit).InclusiveBetween(0, 1_000_000).WithMessage("must be between 0 (no limit) and 1000000 processes");
        RuleFor(c => c.Runtime.Docker.Containment.NonRootUser).Matches(@"^[1-9][0-9]{0,9}:[1-9][0-9]{0,9}\z")
            .WithMessage("'{PropertyValue}' must be a numeric uid:gid other than root, e.g. 65534:65534");
        RuleFor(c => c.Runtime.Docker.Containment.TmpSize).Matches(@"^[1-9][0-9]{0,5}[kmg]\z")
            .WithMessage("'{PropertyValue}' must be a size like 64m or 1g");
        RuleFor(c => c.Runtime.Docker.Containment.Network).Matches(@"^([a-z0-9][a-z0-9_.-]{0,62})?\z")
            .WithMessage("'{PropertyValue}' must be a Docker network name (lower-case letters, digits, '_', '.', '-'; at most 63), e.g. launcher-apps; \"\" keeps Docker's default bridge, where apps reach each other");
        RuleFor(c => c.Runtime.Docker.Containment.Network).Must(n => n is not ("host" or "bridge" or "none"))
            .WithMessage("'{PropertyValue}' is not one of Docker's own networks: host would give apps the machine's loopback, bridge lets them reach each other; use launcher-apps (the default)");
        RuleFor(c => c.Deploy.AppPort).InclusiveBetween(1, 65535).WithMessage("must be a TCP port between 1 and 65535");

        RuleFor(c => c.Domains.Template).Must(t => DomainTemplate.Validate(t) is null).WithMessage(c => DomainTemplate.Validate(c.Domains.Template)!);
        RuleFor(c => c.Domains.TeamTemplate).Must(t => DomainTemplate.Validate(t) is null).WithMessage(c => DomainTemplate.Validate(c.Domains.TeamTemplate)!);
        RuleFor(c => c.Domains.TagTemplate).Must(t => DomainTemplate.Validate(t) is null).WithMessage(c => DomainTemplate.Validate(c.Domains.TagTemplate)!);
        RuleForEach(c => c.Domains.Reserved).Must(l => AppName.Validate(l) is null)
            .WithMessage("'{PropertyValue}' is not a DNS label: reserved names are single labels such as 'www'");
        RuleFor(c => c.Domains.VerifyIntervalSeconds).InclusiveBetween(0, 86400).WithMessage("must be between 0 (off) and 86400 seconds");

        RuleForEach(c => c.Identity.Teams).ChildRules(t =>
        {
            t.RuleFor(d => d.Name).Must(n => AppName.Validate(n) is null).WithMessage("'{PropertyValue}' is not a team name (a DNS label such as payments)");
            t.RuleForEach(d => d.Members).ChildRules(m =>
            {
                m.RuleFor(x => x.User).Matches("^[A-Za-z0-9._@-]{1,64}$").WithMessage("'{PropertyValue}' is not a user name: 1 to 64 letters, digits, '.', '_', '@' or '-'");
                m.RuleFor(x => x.Role).Must(r => Identity.Roles.Parse(r) is not null).WithMessage("'{PropertyValue}' is not a role: use viewer, developer or admin");
            });
            t.RuleFor(d => d.Members).Must(ms => ms.Select(x => x.User).Distinct(StringComparer.Ordinal).Count() == ms.Count)
                .WithMessage(d => $"{d.Members.GroupBy(x => x.User, StringComparer.Ordinal).First(g => g.Count() > 1).Key} is listed twice in team {d.Name}: give each member one role");
        });
        RuleFor(c => c.Identity.Teams).Must(ts => ts.Select(t => t.Name).Distinct(StringComparer.Ordinal).Count() == ts.Count)
            .WithMessage(c => $"team {c.Identity.Teams.GroupBy(t => t.Name, StringComparer.Ordinal).First(g => g.Count() > 1).Key} is declared twice: merge its members into one entry");

        When(c => c.Identity.Ldap is not null, () =>
        {
            RuleFor(c => c.Identity.Ldap!.Url).Must(BeLdapUrl).WithMessage("'{PropertyValue}' is not an LDAP URL: use ldap://host:port, e.g. ldap://ldap.example.org:389");
            RuleFor(c => c.Identity.Ldap!.UserDn).Must(d => d.Contains("{user}", StringComparison.Ordinal) && d.Contains('='))
                .When(c => c.Identity.Ldap!.UserDn.Length > 0 || c.Identity.Ldap!.UserBase.Length == 0)
                .WithMessage("'{PropertyValue}' must be a DN with {user} for the login name, e.g. uid={user},ou=people,dc=example,dc=org (direct bind), or leave it out and set userBase, userFilter, bindDn and bindPasswordFile (search then bind)");
            RuleFor(c => c.Identity.Ldap!.UserBase).Must(b => b.Length == 0).When(c => c.Identity.Ldap!.UserDn.Length > 0)
                .WithMessage("give either userDn (direct bind) or userBase (search then bind), not both");
            When(c => c.Identity.Ldap!.UserBase.Length > 0 && c.Identity.Ldap!.UserDn.Length == 0, () =>
            {
                RuleFor(c => c.Identity.Ldap!.UserBase).Must(d => d.Contains('=')).WithMessage("'{PropertyValue}' is not a DN: where users are searched, e.g. ou=people,dc=example,dc=org");
                RuleFor(c => c.Identity.Ldap!.UserFilter).Must(f => f.StartsWith('(') && f.EndsWith(')') && f.Contains("{user}", StringComparison.Ordinal))
                    .WithMessage("'{PropertyValue}' is not an LDAP filter with {user} for the login name: e.g. (uid={user}) or (&(objectClass=person)(sAMAccountName={user}))");
                RuleFor(c => c.Identity.Ldap!.BindDn).Must(d => d.Contains('='))
                    .WithMessage("'{PropertyValue}' is not a DN: the service account that searches for users, e.g. cn=launcher,ou=services,dc=example,dc=org");
                RuleFor(c => c.Identity.Ldap!.BindPasswordFile).NotEmpty()
                    .WithMessage("give the file that holds the service account's password (one line), e.g. /etc/launcher/ldap-bind-password");
            });
            RuleFor(c => c.Identity.Ldap!.StartTls).Must(t => !t).When(c => c.Identity.Ldap!.Url.StartsWith("ldaps:", StringComparison.OrdinalIgnoreCase))
                .WithMessage("ldaps:// is TLS from the first byte: StartTLS is for ldap:// URLs; leave startTls out or use ldap://");
            RuleFor(c => c.Identity.Ldap!.CaFile).Must(f => f.Length == 0)
                .When(c => !c.Identity.Ldap!.StartTls && !c.Identity.Ldap!.Url.StartsWith("ldaps:", StringComparison.OrdinalIgnoreCase))
                .WithMessage("a CA file is used only over TLS: use an ldaps:// URL or startTls: true");
            RuleFor(c => c.Identity.Ldap!.GroupBase).Must(d => d.Contains('=')).WithMessage("'{PropertyValue}' is not a DN: where groups are searched, e.g. ou=groups,dc=example,dc=org");
            RuleFor(c => c.Identity.Ldap!.GroupFilter).Must(f => f.StartsWith('(') && f.EndsWith(')') && f.Contains('{'))
                .WithMessage("'{PropertyValue}' is not an LDAP filter naming the user: e.g. (member={dn}) or (memberUid={user})");
            RuleFor(c => c.Identity.Ldap!.TimeoutSeconds).InclusiveBetween(1, 60).WithMessage("must be between 1 and 60 seconds");
            RuleFor(c => c.Identity.Ldap!.MaxFailuresPerMinute).InclusiveBetween(1, 1000).WithMessage("must be between 1 and 1000");
            RuleFor(c => c.Identity.Ldap!.TokenExpires).Must(e => Identity.TokenLifetime.Parse(e).Error is null && Identity.TokenLifetime.Parse(e).Value is not null)
                .WithMessage("'{PropertyValue}' is not a lifetime: e.g. 30d, 12h or 90m");
            RuleForEach(c => c.Identity.Ldap!.Groups).ChildRules(g =>
            {
                g.RuleFor(m => m.Group).Must(d => d.Contains('=')).WithMessage("'{PropertyValue}' is not a group DN, e.g. cn=payments,ou=groups,dc=example,dc=org");
                g.RuleFor(m => m.Team).Must(t => AppName.Validate(t) is null).WithMessage("'{PropertyValue}' is not a team name (a DNS label such as payments)");
                g.RuleFor(m => m.Role).Must(r => Identity.Roles.Parse(r) is not null)
                    .WithMessage("'{PropertyValue}' is not a role: use viewer, developer or admin");
            });
        });

        RuleFor(c => c.Alerts.EvaluationIntervalSeconds).InclusiveBetween(1, 300).WithMessage("must be between 1 and 300 seconds");
        RuleFor(c => c.Alerts.WebhookTimeoutSeconds).InclusiveBetween(1, 60).WithMessage("must be between 1 and 60 seconds");
        RuleFor(c => c.Alerts.MaxAttempts).InclusiveBetween(1, 20).WithMessage("must be between 1 and 20 tries");
        RuleFor(c => c.Alerts.MaxQueued).InclusiveBetween(1, 100000).WithMessage("must be between 1 and 100000 notifications");
        RuleFor(c => c.Alerts.Rules).Must(r => r.Select(x => x.Name).Distinct(StringComparer.Ordinal).Count() == r.Count)
            .WithMessage("name each rule once: two rules have the same name");
        RuleForEach(c => c.Alerts.Rules).ChildRules(r =>
        {
            r.RuleFor(x => x.Name).Must(n => AppName.Validate(n) is null).WithMessage("'{PropertyValue}' is not a rule name: use a DNS label such as api-latency");
            r.RuleFor(x => x.App).Must(a => string.IsNullOrEmpty(a) || AppName.Validate(a) is null)
                .WithMessage("'{PropertyValue}' is not an app name; leave it out for a rule on every app");
            r.RuleFor(x => x.Rule).Must(t => Alerts.AlertRuleText.Parse(t, out _) is not null)
                .WithMessage((_, t) => { Alerts.AlertRuleText.Parse(t, out var error); return error!; });
            r.RuleFor(x => x.Webhook).Must(BeWebhook).WithMessage("'{PropertyValue}' is not a webhook URL: an absolute http:// or https:// URL, e.g. https://hooks.slack.com/services/…");
            r.RuleFor(x => x.RepeatSeconds).InclusiveBetween(0, 604800).WithMessage("must be between 0 (send once) and 604800 seconds (a week)");
        });

        RuleForEach(c => c.Proxy.TrustedProxies)
            .Must(p => ProxyConfig.TryParseTrustedProxy(p, out _, out _))
            .WithMessage((config, p) => { ProxyConfig.TryParseTrustedProxy(p, out _, out var error); return error!; });

        RuleFor(c => c.Dns.Listen).Must(BeIpAddress).WithMessage("'{PropertyValue}' is not an IP address, e.g. 127.0.0.1 or ::1");
        RuleFor(c => c.Dns.Port).InclusiveBetween(1, 65535).WithMessage("must be a port between 1 and 65535 (53 needs root; e.g. 5353)");
        RuleFor(c => c.Dns.Ttl).InclusiveBetween(0, 86400).WithMessage("must be between 0 and 86400 seconds");
        RuleFor(c => c.Dns.Ipv4).Must(a => a.Length == 0 || (IPAddress.TryParse(a, out var ip) && ip.AddressFamily == AddressFamily.InterNetwork))
            .WithMessage("'{PropertyValue}' is not an IPv4 address: the proxy's address, e.g. 127.0.0.1 (empty: no A records)");
        RuleFor(c => c.Dns.Ipv6).Must(a => a.Length == 0 || (IPAddress.TryParse(a, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6))
            .WithMessage("'{PropertyValue}' is not an IPv6 address: the proxy's address, e.g. ::1 (empty: no AAAA records)");
        RuleFor(c => c.Dns.Resolver).Must(r => r.Length == 0 || DnsEndpoint.TryParse(r, 53, out _))
            .WithMessage("'{PropertyValue}' is not a DNS server address: write ip or ip:port, e.g. 127.0.0.1:5300 or [::1]:53");
        When(c => c.Dns.Register is not null, () =>
        {
            RuleFor(c => c.Dns.Register!.Server).Must(BeIpAddress).WithMessage("'{PropertyValue}' is not an IP address: the DNS server that takes the updates, e.g. 127.0.0.1");
            RuleFor(c => c.Dns.Register!.Port).InclusiveBetween(1, 65535).WithMessage("must be a port between 1 and 65535");
            RuleFor(c => c.Dns.Register!.Zone).Must(BeDomain).WithMessage("'{PropertyValue}' is not a zone name, e.g. apps.example.com");
            RuleFor(c => c.Dns.Register!.KeyName).Must(BeDomain).WithMessage("'{PropertyValue}' is not a TSIG key name: the name in the server's key statement, e.g. launcher-key");
            RuleFor(c => c.Dns.Register!.KeySecret).Must(BeBase64).WithMessage("is not a base64 secret: copy the secret of the key from 'tsig-keygen -a hmac-sha256 launcher-key'");
            RuleFor(c => c.Dns.Register!.Algorithm).Must(a => a is "hmac-sha256" or "hmac-sha384" or "hmac-sha512" or "hmac-sha1")
                .WithMessage("'{PropertyValue}' is not a supported TSIG algorithm; use hmac-sha256 (or hmac-sha384, hmac-sha512, hmac-sha1)");
            RuleFor(c => c.Dns.Register!.Ttl).InclusiveBetween(0, 86400).WithMessage("must be between 0 and 86400 seconds");
            RuleFor(c => c.Dns.Register!.TimeoutSeconds).InclusiveBetween(1, 60).WithMessage("must be between 1 and 60 seconds");
        });

        When(c => c.Acme.Directory.Length > 0, () =>
        {
            RuleFor(c => c.Acme.Directory).Must(d => Uri.TryCreate(d, UriKind.Absolute, out var u) && u.Scheme == Uri.UriSchemeHttps)
                .WithMessage("'{PropertyValue}' is not an https URL: the ACME server's directory, e.g. https://acme-v02.api.letsencrypt.org/directory");
            RuleFor(c => c.Acme.Email).Must(e => e.Length == 0 || (e.Length <= 254 && e.IndexOf('@') > 0 && e.IndexOf('@') == e.LastIndexOf('@') && e.IndexOf('@') < e.Length - 1 && !e.Any(char.IsWhiteSpace)))
                .WithMessage("'{PropertyValue}' is not an e-mail address, e.g. ops@example.com (or leave it empty)");
            RuleFor(c => c.Acme.Challenges).NotEmpty().WithMessage("lists no challenge type: name at least one of http-01, dns-01, tls-alpn-01");
            RuleForEach(c => c.Acme.Challenges).Must(t => t is AcmeConfig.Http01 or AcmeConfig.Dns01 or AcmeConfig.TlsAlpn01)
                .WithMessage("'{PropertyValue}' is not a challenge type: use http-01, dns-01 or tls-alpn-01");
            RuleFor(c => c.Acme.Wildcard).Must((c, w) => !w || c.Acme.Challenges.Contains(AcmeConfig.Dns01))
                .WithMessage("is on, but a wildcard certificate needs dns-01: add dns-01 to acme.challenges or set acme.wildcard: false");
            RuleFor(c => c.Acme.Wildcard).Must((c, w) => !w || c.Dns.Enabled || c.Dns.Register is not null)
                .WithMessage("is on, but dns-01 needs a DNS server AppLauncher answers or updates: turn on dns.enabled, configure dns.register, or set acme.wildcard: false");
            RuleFor(c => c.Acme.CheckIntervalSeconds).InclusiveBetween(1, 86400).WithMessage("must be between 1 and 86400 seconds");
            RuleFor(c => c.Acme.RetryMinSeconds).InclusiveBetween(1, 86400).WithMessage("must be between 1 and 86400 seconds");
            RuleFor(c => c.Acme.RetryMaxSeconds).Must((c, m) => m >= c.Acme.RetryMinSeconds && m <= 604800)
                .WithMessage("must be at least acme.retryMinSeconds and at most 604800 seconds (a week)");
            RuleFor(c => c.Acme.OrderTimeoutSeconds).InclusiveBetween(5, 3600).WithMessage("must be between 5 and 3600 seconds");
        });

        RuleFor(c => c.Stacks).Custom((stacks, context) =>
        {
            foreach (var (name, stack) in stacks)
            {
                if (string.IsNullOrWhiteSpace(stack.Build))
                {
                    context.AddFailure($"Stacks.{name}.Build", "is required: the image builds run on");
                }

                if (string.IsNullOrWhiteSpace(stack.Run))
                {
                    context.AddFailure($"Stacks.{name}.Run", "is required: the image apps run on");
                }
            }
        });
    }

    private static bool BeHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp && !uri.IsDefaultPort
        && uri.AbsolutePath == "/";

    private static bool BeHttpsUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && !uri.IsDefaultPort
        && uri.AbsolutePath == "/";

    private static bool SamePort(string http, string https) =>
        Uri.TryCreate(http, UriKind.Absolute, out var a) && Uri.TryCreate(https, UriKind.Absolute, out var b) && a.Port == b.Port;

    /// <summary>An absolute http(s) URL, for alert webhooks.</summary>
    public static bool BeWebhook(string? value) =>
        value is { Length: <= 2048 } && Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static bool BeIpAddress(string value) => IPAddress.TryParse(value, out _);

    private static bool BeBase64(string value) =>
        value.Length > 0 && Convert.TryFromBase64String(value, new byte[value.Length], out var written) && written > 0;

    private static bool BeRegistry(string value) =>
        value.Length > 0 && !value.Contains("://", StringComparison.Ordinal) && !value.Any(char.IsWhiteSpace)
        && !value.EndsWith('/') && value == value.ToLowerInvariant();

    private static bool BeDomain(string value) =>
        value.Length <= 253 && value.Split('.').All(label => AppName.Validate(label) is null);

    // Docker's own rule for network names, bounded (no '$': it would accept a trailing newline).
    [System.Text.RegularExpressions.GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9_.-]{0,63}\z")]
    private static partial System.Text.RegularExpressions.Regex BuildNetworkName();

    private static bool BeLdapUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "ldap" or "ldaps" && u.Host.Length > 0 && u.AbsolutePath is "" or "/";
}
