using System.Security.Cryptography.X509Certificates;

namespace AppLauncher.AcmeProtocol;

/// <summary>The ARI certificate identifier (RFC 9773 §4.1): base64url(authority key identifier) "." base64url(serial number).</summary>
public static class AcmeCertificateId
{
    /// <summary>The identifier, or null when the certificate has no authority key identifier (then ARI cannot name it).</summary>
    public static string? Of(X509Certificate2 certificate)
    {
        var aki = certificate.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().FirstOrDefault()?.KeyIdentifier;
        if (aki is null)
        {
            return null;
        }

        // The serial's DER INTEGER contents as they stand in the certificate (a leading zero kept), as RFC 9773 asks.
        var contents = certificate.SerialNumberBytes.Span;
        return $"{AcmeJws.Base64Url(aki.Value.Span)}.{AcmeJws.Base64Url(contents)}";
    }
}
