using System.Net.Security;
using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using AppLauncher.Core.Domains;
using AppLauncher.Proxy;
using Microsoft.Extensions.Options;

namespace AppLauncher.Certificates;

/// <summary>
/// Picks the certificate of each TLS handshake from its server name (SNI): a certificate a source put in
/// <see cref="ServedCertificates"/> (ACME), else the local CA's leaf when the name routes to an app, else the control
/// plane's certificate (no SNI, the control plane's names, and names that route nowhere, which then get the 404 page).
/// Another app's certificate is never the answer. A flood of random names mints nothing: only routed names get leaves.
/// </summary>
public sealed class TlsCertificateSelector(ServedCertificates served, LocalLeafCertificates local, RouteTable routes, DomainTable domains, TeamDomainSet teamDomains, IOptions<ProxyOptions> options)
{
    private readonly ConditionalWeakTable<X509Certificate2, SslStreamCertificateContext> _contexts = [];

    public SslStreamCertificateContext Select(string? serverName)
    {
        if (served.Find(serverName) is { } certificate)
        {
            return _contexts.GetValue(certificate, c => SslStreamCertificateContext.Create(c, served.IntermediatesOf(c), offline: true));
        }

        return serverName is { Length: > 0 } && Routes(serverName) is { } host ? local.For(host) : local.ControlPlane;
    }

    /// <summary>The host <paramref name="serverName"/> names when it is an app's (its own, a tag's, a custom domain, its team name); null otherwise.</summary>
    private string? Routes(string serverName)
    {
        if (RequestHost.Check(serverName).Host is not { } host || host[0] == '[')
        {
            return null;
        }

        if (AppDomains.AppFromHost(host, options.Value.Domain) is { } label)
        {
            return routes.Resolve(label) is not null ? host : null;
        }

        if (domains.AppFor(host) is { } app)
        {
            return routes.FindApp(app) is not null ? host : null;
        }

        return teamDomains.AppForTeamHost(host) is { } teamApp && routes.FindApp(teamApp) is not null ? host : null;
    }
}
