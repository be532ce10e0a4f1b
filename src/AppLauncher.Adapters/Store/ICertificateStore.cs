namespace AppLauncher.Store;

/// <summary>Certificates (chains, sealed keys, renewal state) and ACME accounts, in the same database as <see cref="IStore"/>.</summary>
public interface ICertificateStore
{
    /// <summary>Every certificate, or the ones of <paramref name="app"/>; sorted by name.</summary>
    Task<IReadOnlyList<CertificateRecord>> ListCertificatesAsync(string? app, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the certificate named <see cref="CertificateRecord.Name"/>.</summary>
    Task PutCertificateAsync(CertificateRecord certificate, CancellationToken cancellationToken);

    Task<bool> DeleteCertificateAsync(string name, CancellationToken cancellationToken);

    Task<AcmeAccountRecord?> GetAcmeAccountAsync(string directory, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the account for its directory.</summary>
    Task PutAcmeAccountAsync(AcmeAccountRecord account, CancellationToken cancellationToken);
}
