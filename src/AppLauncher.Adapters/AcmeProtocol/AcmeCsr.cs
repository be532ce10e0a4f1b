using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AppLauncher.AcmeProtocol;

/// <summary>The certificate signing request sent to finalize (RFC 8555 §7.4): every name as a DNS SAN, the first also as CN.</summary>
public static class AcmeCsr
{
    public static byte[] Create(ECDsa key, IReadOnlyList<string> names)
    {
        if (names.Count == 0)
        {
            throw new ArgumentException("a certificate needs at least one name", nameof(names));
        }

        var request = new CertificateRequest(new X500DistinguishedName($"CN={names[0]}"), key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            san.AddDnsName(name);
        }

        request.CertificateExtensions.Add(san.Build());
        return request.CreateSigningRequest();
    }
}
