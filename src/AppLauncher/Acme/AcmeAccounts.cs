using AppLauncher.AcmeProtocol;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AppLauncher.Core.Config;
using AppLauncher.Store;

namespace AppLauncher.Acme;

/// <summary>
/// The installation's one ACME account on the configured server: the key is made once, stored sealed, and registered
/// (RFC 8555 §7.3); later starts reuse it. The HTTP client trusts <c>acme.caRoot</c> when set (a private ACME server).
/// </summary>
internal sealed class AcmeAccounts(ICertificateStore certificates, PlatformConfig config, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private HttpClient? _http;
    private AcmeClient? _client;

    /// <summary>A client with a registered account, made on first use.</summary>
    public async Task<AcmeClient> ClientAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_client?.AccountUrl is not null)
            {
                return _client;
            }

            var directory = config.Acme.Directory;
            var stored = await certificates.GetAcmeAccountAsync(directory, cancellationToken);
            var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            if (stored is not null)
            {
                key.ImportFromPem(stored.KeyPem);
            }

            _http ??= CreateHttpClient(config.Acme);
            var client = new AcmeClient(_http, new Uri(directory), key, time);
            var url = await client.RegisterAsync(config.Acme.Email, cancellationToken);
            if (stored is null || stored.Url != url.AbsoluteUri)
            {
                await certificates.PutAcmeAccountAsync(new AcmeAccountRecord(directory, stored?.KeyPem ?? key.ExportPkcs8PrivateKeyPem(), url.AbsoluteUri, stored?.CreatedAt ?? time.GetUtcNow()), cancellationToken);
            }

            return _client = client;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>An HTTP client for the ACME server; with <c>acme.caRoot</c>, its chain must end at that root (and only that root).</summary>
    internal static HttpClient CreateHttpClient(AcmeConfig acme)
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), ConnectTimeout = TimeSpan.FromSeconds(10) };
        if (acme.CaRoot.Length > 0)
        {
            X509Certificate2Collection roots;
            try
            {
                roots = [];
                roots.ImportFromPemFile(acme.CaRoot);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
            {
                throw new InvalidOperationException($"acme.caRoot: cannot read {acme.CaRoot} as PEM certificates ({e.Message}): point it at the root of the ACME server's HTTPS certificate");
            }

            if (roots.Count == 0)
            {
                throw new InvalidOperationException($"acme.caRoot: {acme.CaRoot} holds no PEM certificate: point it at the root of the ACME server's HTTPS certificate");
            }

            handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            handler.SslOptions.CertificateChainPolicy.CustomTrustStore.AddRange(roots);
        }

        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
    }

    public void Dispose()
    {
        _http?.Dispose();
        _gate.Dispose();
    }
}
