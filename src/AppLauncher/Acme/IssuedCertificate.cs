using System.Security.Cryptography.X509Certificates;

namespace AppLauncher.Acme;

/// <summary>A certificate an order brought back: the chain and key as PEM, and the leaf with its key, ready to serve.</summary>
public sealed record IssuedCertificate(string ChainPem, string KeyPem, X509Certificate2 Certificate)
{
    public string Issuer => Certificate.Issuer;
}
