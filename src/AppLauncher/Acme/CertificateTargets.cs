using System.Net;
using AppLauncher.Core.Acme;
using AppLauncher.Core.Config;
using AppLauncher.Core.Dns;
using AppLauncher.Core.Domains;
using AppLauncher.Domains;
using AppLauncher.Store;

namespace AppLauncher.Acme;

/// <summary>
/// What needs a certificate now: the platform's wildcard <c>*.{domain}</c> and one <c>*.{team}.{domain}</c> per team
/// that opted in to team domains (with <c>acme.wildcard</c>: a wildcard covers one label only), else one per app host
/// (<c>{app}.{team}.{domain}</c> for an opted-in team's app); and every verified custom domain, refused (no order) while
/// its DNS does not point here.
/// </summary>
internal sealed class CertificateTargets(IStore store, DomainNamer namer, TeamDomainSet teamDomains, DnsResolverClient resolver, PlatformConfig config)
{
    public const string WildcardName = "wildcard";

    /// <summary>The store name of a team's wildcard: no dot, so no app host or custom domain can take it.</summary>
    public static string TeamWildcardName(string team) => $"{WildcardName}-{team}";

    public async Task<IReadOnlyList<CertificateTarget>> WantedAsync(CancellationToken cancellationToken)
    {
        var targets = new List<CertificateTarget>();
        var wildcards = new List<string>();
        if (config.Acme.Wildcard)
        {
            wildcards.Add($"*.{namer.Domain}");
            targets.Add(new CertificateTarget(WildcardName, null, [wildcards[0]]));
            foreach (var team in teamDomains.OptedIn.Order(StringComparer.Ordinal))
            {
                // The team host of an app named '*': a wildcard when the template is {app}.<rest> (the default), else
                // the team's apps get certificates of their own below.
                var pattern = namer.TeamTemplate.Render("*", namer.Domain, team);
                if (pattern.StartsWith("*.", StringComparison.Ordinal) && !pattern[1..].Contains('*', StringComparison.Ordinal))
                {
                    wildcards.Add(pattern);
                    targets.Add(new CertificateTarget(TeamWildcardName(team), null, [pattern]));
                }
            }
        }

        foreach (var app in await store.ListAppsAsync(cancellationToken))
        {
            var host = AppHost(app.Name);
            if (!wildcards.Any(w => Covers(w, host)))
            {
                targets.Add(new CertificateTarget(host, app.Name, [host]));
            }
        }

        foreach (var domain in await store.ListDomainsAsync(null, cancellationToken))
        {
            if (domain.Status == DomainStatus.Verified)
            {
                targets.Add(new CertificateTarget(domain.Name, domain.App, [domain.Name], await PointingRefusalAsync(domain.Name, domain.App, cancellationToken)));
            }
        }

        return targets;
    }

    private string AppHost(string app) => teamDomains.HostOf(app);

    /// <summary>True when the wildcard <paramref name="pattern"/> (<c>*.apps.example.com</c>) covers <paramref name="host"/>: exactly one label more.</summary>
    public static bool Covers(string pattern, string host) =>
        pattern.StartsWith("*.", StringComparison.Ordinal) && host.IndexOf('.', StringComparison.Ordinal) is var dot and > 0 && DnsName.AreEqual(host[(dot + 1)..], pattern[2..]);

    private async Task<string?> PointingRefusalAsync(string name, string app, CancellationToken cancellationToken)
    {
        try
        {
            var a = await resolver.QueryAsync(name, DnsType.A, cancellationToken);
            var aaaa = await resolver.QueryAsync(name, DnsType.AAAA, cancellationToken);
            var addresses = a.Answers.Concat(aaaa.Answers).Select(r => r.Data).OfType<AddressRecordData>().Select(d => d.Address).ToList();
            var cname = a.Answers.Where(r => r.Type == DnsType.CNAME).Select(r => ((NameRecordData)r.Data).Target).FirstOrDefault();
            var ours = new[] { config.Dns.Ipv4, config.Dns.Ipv6 }.Where(s => s.Length > 0).Select(IPAddress.Parse).ToList();
            return DomainPointing.Refusal(name, addresses, cname, ours, AppHost(app));
        }
        catch (Exception e) when (e is IOException or TimeoutException)
        {
            return $"could not look {name} up to check that it points here: {e.Message}. Check dns.resolver";
        }
    }
}
