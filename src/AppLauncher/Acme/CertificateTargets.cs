using System.Net;
using AppLauncher.Core.Acme;
using AppLauncher.Core.Config;
using AppLauncher.Core.Dns;
using AppLauncher.Core.Domains;
using AppLauncher.Domains;
using AppLauncher.Store;

namespace AppLauncher.Acme;

/// <summary>
/// What needs a certificate now: the platform's wildcard <c>*.{domain}</c> (with <c>acme.wildcard</c>), else one per
/// app name; and every verified custom domain, refused (no order) while its DNS does not point here.
/// </summary>
internal sealed class CertificateTargets(IStore store, DomainNamer namer, DnsResolverClient resolver, PlatformConfig config)
{
    public const string WildcardName = "wildcard";

    public async Task<IReadOnlyList<CertificateTarget>> WantedAsync(CancellationToken cancellationToken)
    {
        var targets = new List<CertificateTarget>();
        if (config.Acme.Wildcard)
        {
            targets.Add(new CertificateTarget(WildcardName, null, [$"*.{namer.Domain}"]));
        }
        else
        {
            foreach (var app in await store.ListAppsAsync(cancellationToken))
            {
                var host = AppHost(app.Name);
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

    private string AppHost(string app) => namer.Template.Render(app, namer.Domain);

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
