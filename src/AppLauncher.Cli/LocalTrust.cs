using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AppLauncher.Cli;

/// <summary>
/// The CLI's trust for a local server over https: the system's roots, and besides them the root of the server's local
/// CA (<c>$LAUNCHER_DATA/tls/local-ca.crt</c>, default <c>.data</c>) when that file is there. A certificate must still
/// name the host and chain to one of them: validation is never turned off.
/// </summary>
internal static class LocalTrust
{
    /// <summary>Where the local CA's root is: in the data directory the CLI reads the admin token from too.</summary>
    public static string RootPath =>
        Path.Combine(Environment.GetEnvironmentVariable("LAUNCHER_DATA") is { Length: > 0 } d ? d : ".data", "tls", "local-ca.crt");

    public static HttpMessageHandler Handler(Uri server)
    {
        var handler = new SocketsHttpHandler();
        if (server.Scheme != Uri.UriSchemeHttps || !File.Exists(RootPath))
        {
            return handler;
        }

        X509Certificate2 root;
        try
        {
            root = X509Certificate2.CreateFromPem(File.ReadAllText(RootPath));
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new CliException($"{RootPath} is not a PEM certificate ({e.Message.TrimEnd('.')}): it should be the server's local CA root; set LAUNCHER_DATA to the server's data directory.");
        }

        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
        {
            if (errors == SslPolicyErrors.None)
            {
                return true;
            }

            // Only an unknown issuer may be made good, by the local root; a wrong name or no certificate never.
            if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null)
            {
                return false;
            }

            using var local = new X509Chain();
            local.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            local.ChainPolicy.CustomTrustStore.Add(root);
            local.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            if (chain is not null)
            {
                foreach (var element in chain.ChainElements.Skip(1))
                {
                    local.ChainPolicy.ExtraStore.Add(element.Certificate);
                }
            }

            using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            return local.Build(leaf);
        };
        return handler;
    }
}
