using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace AppLauncher.AcmeProtocol;

/// <summary>
/// The self-signed certificate a TLS-ALPN-01 challenge is answered with (RFC 8737 §3): the name as its only SAN and
/// the critical <c>id-pe-acmeIdentifier</c> extension holding the SHA-256 of the key authorization.
/// </summary>
public static class AlpnChallengeCertificate
{
    /// <summary>id-pe-acmeIdentifier (RFC 8737 §6.1).</summary>
    public const string AcmeIdentifierOid = "1.3.6.1.5.5.7.1.31";

    /// <summary>The ALPN protocol the validation handshake offers.</summary>
    public const string Protocol = "acme-tls/1";

    public static X509Certificate2 Create(string name, string keyAuthorization, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={name}"), key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(name);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509Extension(AcmeIdentifierOid, ExtensionValue(keyAuthorization), critical: true));
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(7));

        // Exported and loaded again so the key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>The extension's value: a DER OCTET STRING of the key authorization's SHA-256.</summary>
    public static byte[] ExtensionValue(string keyAuthorization)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.WriteOctetString(SHA256.HashData(Encoding.UTF8.GetBytes(keyAuthorization)));
        return writer.Encode();
    }
}
