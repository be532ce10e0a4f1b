using AppLauncher.Core.Domains;
using AppLauncher.Store;

namespace AppLauncher.Acme;

/// <summary>The certificates' state as users see it, from the store: an app's own ones plus the wildcard that covers its name.</summary>
internal sealed class CertificateStatuses(ICertificateStore certificates, TeamDomainSet teamDomains, TimeProvider time)
{
    public async Task<IReadOnlyList<CertificateStatus>> ListAsync(string? app, CancellationToken cancellationToken)
    {
        var all = await certificates.ListCertificatesAsync(null, cancellationToken);
        var host = app is null ? null : teamDomains.HostOf(app);
        return [.. all.Where(c => app is null || c.App == app || (c.App is null && c.Domains.Any(d => CertificateTargets.Covers(d, host!)))).Select(Describe)];
    }

    private CertificateStatus Describe(CertificateRecord c)
    {
        var now = time.GetUtcNow();
        var state = c.ChainPem is null ? (c.LastError is null ? CertificateStatus.Pending : CertificateStatus.Failing)
            : c.NotAfter <= now ? CertificateStatus.Expired
            : CertificateStatus.Valid;
        return new CertificateStatus(c.Name, c.App, c.Domains, state, c.Issuer, c.NotBefore, c.NotAfter, c.RenewAt, c.LastError, c.NextAttempt, c.Failures);
    }
}
