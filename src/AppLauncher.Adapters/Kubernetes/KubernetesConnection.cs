using System.Security.Cryptography.X509Certificates;

namespace AppLauncher.Kubernetes;

/// <summary>
/// How to reach one API server: its URL, the credentials (a bearer token or a client certificate with its key),
/// the CA that signs its serving certificate, and where the settings came from (for error messages).
/// </summary>
public sealed record KubernetesConnection(
    Uri Server,
    string Source,
    string? Token = null,
    X509Certificate2? ClientCertificate = null,
    X509Certificate2Collection? CertificateAuthorities = null,
    bool InsecureSkipTlsVerify = false,
    string? Namespace = null);
