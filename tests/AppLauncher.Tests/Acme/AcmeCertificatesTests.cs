using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using AppLauncher.Acme;
using AppLauncher.AcmeProtocol;

namespace AppLauncher.Tests.Acme;

/// <summary>The certificates and requests the client makes (CSR, the RFC 8737 challenge certificate, the ARI id) and the check of what a server returns.</summary>
public sealed class AcmeCertificatesTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Theory]
    [InlineData("web.example.com")]
    [InlineData("*.apps.example.com")]
    [InlineData("a.example.com", "b.example.com")]
    public void Csr_EveryNameAsSan_FirstAsCommonName_SignedByTheKey(params string[] names)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var request = CertificateRequest.LoadSigningRequest(AcmeCsr.Create(key, names), HashAlgorithmName.SHA256, CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions);

        Assert.Equal($"CN={names[0]}", request.SubjectName.Name);
        var san = new X509SubjectAlternativeNameExtension(request.CertificateExtensions.Single(e => e.Oid!.Value == "2.5.29.17").RawData);
        Assert.Equal(names, san.EnumerateDnsNames());
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), request.PublicKey.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public void AlpnChallengeCertificate_HasTheNameAndTheCriticalAcmeIdentifier()
    {
        using var certificate = AlpnChallengeCertificate.Create("web.example.com", "token.thumb", Now);

        var extension = certificate.Extensions[AlpnChallengeCertificate.AcmeIdentifierOid]!;
        Assert.True(extension.Critical);
        var reader = new AsnReader(extension.RawData, AsnEncodingRules.DER);
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes("token.thumb")), reader.ReadOctetString());
        Assert.False(reader.HasData);
        Assert.Equal(["web.example.com"], certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames());
        Assert.True(certificate.HasPrivateKey);
    }

    [Fact]
    public void CertificateId_AkiAndSerial_Base64Url()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=ca", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        var ski = new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false);
        caRequest.CertificateExtensions.Add(ski);
        using var ca = caRequest.CreateSelfSigned(Now.AddDays(-1), Now.AddDays(10));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=leaf", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(ski));
        using var leaf = request.Create(ca, Now.AddDays(-1), Now.AddDays(5), [0x87, 0x65, 0x43, 0x21]);

        // RFC 9773 §4.1: the serial's DER integer contents, so a high bit gets its leading zero.
        Assert.Equal($"{AcmeJws.Base64Url(Convert.FromHexString(ski.SubjectKeyIdentifier!))}.{AcmeJws.Base64Url([0x00, 0x87, 0x65, 0x43, 0x21])}", AcmeCertificateId.Of(leaf));
        Assert.Null(AcmeCertificateId.Of(ca)); // no authority key identifier: no id
    }

    private static (string Chain, string Key) Issue(string[] names, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={names[0]}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var n in names)
        {
            san.AddDnsName(n);
        }

        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(notBefore, notAfter);
        return (certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    [Fact]
    public void Check_CurrentCertificateForTheNames_Loads()
    {
        var (chain, key) = Issue(["*.apps.example.com"], Now.AddMinutes(-1), Now.AddDays(1));

        var issued = CertificateOrderer.Check(new CertificateTarget("wildcard", null, ["*.apps.example.com"]), chain, key, Now);

        Assert.True(issued.Certificate.HasPrivateKey);
        Assert.True(issued.Certificate.MatchesHostname("shop.apps.example.com"));
    }

    [Theory]
    [InlineData("other", "not valid now")]
    [InlineData("names", "does not cover web.example.com")]
    [InlineData("key", "does not load with the order's key")]
    [InlineData("garbage", "does not load with the order's key")]
    public void Check_InvalidCertificate_RefusedWithWhy(string fault, string message)
    {
        var target = new CertificateTarget("web.example.com", "web", ["web.example.com"]);
        var (chain, key) = fault switch
        {
            "other" => Issue(["web.example.com"], Now.AddDays(-10), Now.AddDays(-1)),
            "names" => Issue(["other.example.com"], Now.AddMinutes(-1), Now.AddDays(1)),
            _ => Issue(["web.example.com"], Now.AddMinutes(-1), Now.AddDays(1)),
        };
        if (fault == "key")
        {
            using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            key = otherKey.ExportPkcs8PrivateKeyPem();
        }
        else if (fault == "garbage")
        {
            chain = "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n";
        }

        var e = Assert.Throws<AcmeException>(() => CertificateOrderer.Check(target, chain, key, Now));

        Assert.Contains(message, e.Message);
    }
}
