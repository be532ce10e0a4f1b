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

        RuleFor(c => c.Gc.KeepRevisions).InclusiveBetween(1, 1000)
            .WithMessage("must be between 1 and 1000 revisions per app (the current one always stays; rollback works only to kept revisions)");
        RuleFor(c => c.Gc.IntervalMinutes).InclusiveBetween(0, 10080).WithMessage("must be between 0 (only after deploys) and 10080 minutes (a week)");

        RuleFor(c => c.Git.MaxPushBytes)
            .InclusiveBetween(1024L * 1024, 64L * 1024 * 1024 * 1024)
            .WithMessage("must be between 1048576 (1 MiB) and 68719476736 (64 GiB) bytes, e.g. 536870912 for 512 MiB");

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

        When(c => c.Identity.Ldap is not null, () =>
        {
            RuleFor(c => c.Identity.Ldap!.Url).Must(BeLdapUrl).WithMessage("'{PropertyValue}' is not an LDAP URL: use ldap://host:port, e.g. ldap://ldap.example.org:389");
            RuleFor(c => c.Identity.Ldap!.UserDn).Must(d => d.Contains("{user}", StringComparison.Ordinal) && d.Contains('='))
                .WithMessage("'{PropertyValue}' must be a DN with {user} for the login name, e.g. uid={user},ou=people,dc=example,dc=org");
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
