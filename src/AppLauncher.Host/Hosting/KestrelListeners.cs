using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using AppLauncher.Certificates;
using AppLauncher.Settings;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace AppLauncher.Hosting;

/// <summary>
/// The server's listeners: <c>server.listen</c> (HTTP) and, unless <c>tls.enabled</c> is false, <c>tls.listen</c>
/// (HTTPS: TLS 1.2+, ALPN h2 and http/1.1, the certificate picked per handshake by SNI, and the TLS-ALPN-01 hook in
/// front). Both run the same pipeline: the proxy for app hosts, the control plane otherwise.
/// </summary>
public static class KestrelListeners
{
    private static readonly List<SslApplicationProtocol> WebProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11];
    private static readonly List<SslApplicationProtocol> AcmeProtocols = [AlpnChallengeConnection.AcmeTls1];

    public static void Configure(KestrelServerOptions kestrel, LauncherSettings settings)
    {
        Bind(kestrel, settings.Listen, _ => { });
        if (settings.TlsListen is { } tls)
        {
            Bind(kestrel, tls, listen => UseTls(listen, kestrel));
        }
    }

    private static void UseTls(ListenOptions listen, KestrelServerOptions kestrel)
    {
        listen.Protocols = HttpProtocols.Http1AndHttp2;
        listen.Use(next => new AlpnChallengeConnection(next, () => kestrel.ApplicationServices.GetRequiredService<ServedCertificates>()).OnConnectionAsync);
        listen.UseHttps(new TlsHandshakeCallbackOptions
        {
            HandshakeTimeout = TimeSpan.FromSeconds(10),
            OnConnection = context =>
            {
                if (context.Connection.Items.TryGetValue(AlpnChallengeConnection.ChallengeKey, out var value) && value is System.Security.Cryptography.X509Certificates.X509Certificate2 challenge)
                {
                    return ValueTask.FromResult(new SslServerAuthenticationOptions
                    {
                        ServerCertificate = challenge,
                        ApplicationProtocols = AcmeProtocols,
                        EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                    });
                }

                var selector = kestrel.ApplicationServices.GetRequiredService<TlsCertificateSelector>();
                return ValueTask.FromResult(new SslServerAuthenticationOptions
                {
                    ServerCertificateContext = selector.Select(context.ClientHelloInfo.ServerName),
                    ApplicationProtocols = WebProtocols,
                    EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                });
            },
        });

        // A TLS-ALPN-01 handshake is all the validator wants: close it there (RFC 8737 §3), before any HTTP.
        listen.Use(next => connection =>
            connection.Features.Get<Microsoft.AspNetCore.Server.Kestrel.Core.Features.ITlsApplicationProtocolFeature>()?.ApplicationProtocol.Span.SequenceEqual(AlpnChallengeConnection.AcmeTls1.Protocol.Span) == true
                ? Task.CompletedTask
                : next(connection));
    }

    /// <summary>Listens where <paramref name="url"/> says: <c>localhost</c> on both loopbacks, an address on it, any other host on all addresses.</summary>
    private static void Bind(KestrelServerOptions kestrel, Uri url, Action<ListenOptions> configure)
    {
        var host = url.Host.Trim('[', ']');
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            kestrel.ListenLocalhost(url.Port, configure);
        }
        else if (IPAddress.TryParse(host, out var address))
        {
            kestrel.Listen(address, url.Port, configure);
        }
        else
        {
            kestrel.ListenAnyIP(url.Port, configure);
        }
    }
}
