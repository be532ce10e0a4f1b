using System.Security.Cryptography.X509Certificates;

namespace AppLauncher.Acme;

/// <summary>A certificate an order brought back: the chain and key as PEM, the leaf with its key, and the intermediates sent after it.</summary>
public sealed record IssuedCertificate(string ChainPem, string KeyPem, X509Certificate2 Certificate, X509Certificate2Collection Intermediates)
{
    public string Issuer => Certificate.Issuer;

    /// <summary>The leaf (with its key) and the rest of the chain from PEM; throws CryptographicException or ArgumentException when they do not load.</summary>
    public static (X509Certificate2 Leaf, X509Certificate2Collection Intermediates) Load(string chainPem, string keyPem)
    {
        using var pem = X509Certificate2.CreateFromPem(chainPem, keyPem);
        var leaf = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        var all = new X509Certificate2Collection();
        all.ImportFromPem(chainPem);
        var intermediates = new X509Certificate2Collection();
        foreach (var c in all.Skip(1))
        {
            intermediates.Add(c);
        }

        return (leaf, intermediates);
    }
}
