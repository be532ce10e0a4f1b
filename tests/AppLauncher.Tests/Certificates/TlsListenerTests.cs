using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AppLauncher.Certificates;
using AppLauncher.Tests.Proxy;
using Microsoft.Extensions.DependencyInjection;

namespace AppLauncher.Tests.Certificates;

/// <summary>
/// A real server with its HTTPS listener on, the app <c>hello</c> routed to a real backend; real clients: curl with
/// <c>--cacert</c>, HttpClient validating against the local CA's root, <c>openssl s_client</c> for SNI and ALPN.
/// </summary>
public sealed class TlsListenerTests : IAsyncLifetime
{
    private ProxyServer _server = null!;

    public async Task InitializeAsync() => _server = await ProxyServer.StartAsync(tls: true);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Task<ProcessRunner.Result> CurlAsync(params string[] args) =>
        ProcessRunner.RunAsync("curl", ["-sS", "--max-time", "20", "--resolve", $"hello.localhost:{_server.TlsPort}:127.0.0.1",
            "--resolve", $"nobody.localhost:{_server.TlsPort}:127.0.0.1", .. args], "/", timeout: TimeSpan.FromSeconds(30));

    [Fact]
    public async Task Curl_WithTheLocalRoot_ReachesTheAppAndTheControlPlaneOverHttps()
    {
        var app = await CurlAsync("--cacert", _server.RootCertificatePath, $"https://hello.localhost:{_server.TlsPort}/x");
        var control = await CurlAsync("--cacert", _server.RootCertificatePath, $"https://localhost:{_server.TlsPort}/healthz");
        var byAddress = await CurlAsync("--cacert", _server.RootCertificatePath, $"https://127.0.0.1:{_server.TlsPort}/healthz");
        var untrusted = await CurlAsync($"https://hello.localhost:{_server.TlsPort}/x");

        Assert.True(app.ExitCode == 0, app.ToString());
        Assert.Contains($"app host=hello.localhost:{_server.TlsPort}", app.Output);
        Assert.Contains("proto=https", app.Output);
        Assert.True(control.ExitCode == 0, control.ToString());
        Assert.Equal("ok\n", control.Output);
        Assert.True(byAddress.ExitCode == 0, byAddress.ToString());
        Assert.NotEqual(0, untrusted.ExitCode);
    }

    [Fact]
    public async Task HttpClient_TrustingOnlyTheRoot_SpeaksHttp2ThroughTheProxy()
    {
        var root = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(_server.RootCertificatePath));
        using var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                CertificateChainPolicy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, CustomTrustStore = { root }, RevocationMode = X509RevocationMode.NoCheck },
            },
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(IPAddress.Loopback, context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        using var http = new HttpClient(handler);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"https://hello.localhost:{_server.TlsPort}/h2") { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Contains("app host=hello.localhost", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Handshake_BySni_GivesTheAppItsLeafAndAnUnknownNameTheControlPlaneCertificateAndA404()
    {
        var app = await OpenSsl.HandshakeAsync(_server.TlsPort, "hello.localhost", "h2,http/1.1", _server.RootCertificatePath);
        var unknown = await OpenSsl.HandshakeAsync(_server.TlsPort, "nobody.localhost", "h2,http/1.1");
        var none = await OpenSsl.HandshakeAsync(_server.TlsPort, null, "http/1.1");
        var page = await CurlAsync("-k", "-w", "\n%{http_code}", $"https://nobody.localhost:{_server.TlsPort}/");

        Assert.Equal("subject=CN = hello.localhost", app.Subject);
        Assert.Contains("Verify return code: 0 (ok)", app.Output);
        Assert.Equal("h2", app.Alpn);
        Assert.Equal("subject=CN = localhost", unknown.Subject);
        Assert.Equal("subject=CN = localhost", none.Subject);
        Assert.Equal("http/1.1", none.Alpn);
        Assert.Contains("\n404", page.Output);
        Assert.Contains("No such app", page.Output);
        Assert.Null(_server.Services.GetRequiredService<LocalLeafCertificates>().Peek("nobody.localhost"));
    }

    [Fact]
    public async Task Handshake_ForTheTeamNameOfAnOptedInTeamsApp_GivesItsLeaf_AndAnotherTeamsNameTheControlPlaneCertificate()
    {
        var teams = _server.Services.GetRequiredService<AppLauncher.Core.Domains.TeamDomainSet>();
        teams.Set("web", true);
        teams.Set("ops", true);
        teams.SetApp("hello", "web");

        var team = await OpenSsl.HandshakeAsync(_server.TlsPort, "hello.web.localhost", "h2,http/1.1", _server.RootCertificatePath);
        var other = await OpenSsl.HandshakeAsync(_server.TlsPort, "hello.ops.localhost", "h2,http/1.1");

        Assert.Equal("subject=CN = hello.web.localhost", team.Subject);
        Assert.Contains("Verify return code: 0 (ok)", team.Output);
        Assert.Equal("subject=CN = localhost", other.Subject);
        Assert.Null(_server.Services.GetRequiredService<LocalLeafCertificates>().Peek("hello.ops.localhost"));
    }

    [Fact]
    public async Task Handshake_ForAnAcmeCertificate_ServesItInsteadOfTheLocalLeaf()
    {
        using var acme = SelfSigned("hello.localhost", "Pebble Intermediate");
        _server.Services.GetRequiredService<ServedCertificates>().Put(["*.localhost"], acme);

        var app = await OpenSsl.HandshakeAsync(_server.TlsPort, "hello.localhost");
        var control = await OpenSsl.HandshakeAsync(_server.TlsPort, "localhost");

        Assert.Contains("issuer=CN = Pebble Intermediate", app.Output);
        Assert.DoesNotContain("Pebble", control.Output);
    }

    [Fact]
    public async Task Handshake_OfferingAcmeTls1_WithAPendingChallenge_AnswersWithTheChallengeCertificateAndCloses()
    {
        using var challenge = SelfSigned("hello.localhost", "acme-challenge", acmeIdentifier: true);
        var served = _server.Services.GetRequiredService<ServedCertificates>();
        var before = await OpenSsl.HandshakeAsync(_server.TlsPort, "hello.localhost", "acme-tls/1");
        served.PutAlpnChallenge("hello.localhost", challenge);

        var answered = await OpenSsl.HandshakeAsync(_server.TlsPort, "hello.localhost", "acme-tls/1");
        var otherName = await OpenSsl.HandshakeAsync(_server.TlsPort, "localhost", "acme-tls/1");
        var http = await OpenSsl.HandshakeAsync(_server.TlsPort, "hello.localhost", "h2");
        served.RemoveAlpnChallenge("hello.localhost");
        var after = await OpenSsl.HandshakeAsync(_server.TlsPort, "hello.localhost", "acme-tls/1");

        Assert.Null(before.Alpn);
        Assert.Equal("acme-tls/1", answered.Alpn);
        Assert.Contains("issuer=CN = acme-challenge", answered.Output);
        Assert.DoesNotContain("issuer=CN = acme-challenge", otherName.Output);
        Assert.Equal("h2", http.Alpn);
        Assert.Equal("subject=CN = hello.localhost", http.Subject);
        Assert.DoesNotContain("issuer=CN = acme-challenge", http.Output);
        Assert.DoesNotContain("issuer=CN = acme-challenge", after.Output);
    }

    [Fact]
    public async Task HostileHellos_AndARandomSniFlood_LeaveTheListenerServingAndMintNothing()
    {
        var leaves = _server.Services.GetRequiredService<LocalLeafCertificates>();
        byte[][] hostile =
        [
            [0x16, 0x03, 0x01, 0xFF, 0xFF, 0x01, 0xFF, 0xFF, 0xFF],   // a record longer than TLS allows
            [0x16, 0x03, 0x01, 0x00, 0x10, 0x01, 0x00, 0x00, 0x0C, 0x03, 0x03], // a hello cut short, then the client hangs up
            [0x16, 0x03, 0x01, 0x00, 0x08, 0x01, 0x00, 0x00, 0x04, 0x03, 0x03, 0xFF, 0xFF], // lengths that do not add up
            "GET / HTTP/1.1\r\nHost: hello.localhost\r\n\r\n"u8.ToArray(),
            RandomNumberGenerator.GetBytes(20000),
        ];
        foreach (var bytes in hostile)
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(IPAddress.Loopback, _server.TlsPort);
            var stream = tcp.GetStream();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                // The server may refuse (alert, reset) before it has read everything: that is an answer too.
                await stream.WriteAsync(bytes, timeout.Token);
                tcp.Client.Shutdown(SocketShutdown.Send);
                await stream.CopyToAsync(Stream.Null, timeout.Token);
            }
            catch (IOException)
            {
            }
        }

        for (var i = 0; i < 50; i++)
        {
            await OpenSsl.HandshakeAsync(_server.TlsPort, $"r{Guid.NewGuid():N}.localhost");
        }

        var still = await CurlAsync("--cacert", _server.RootCertificatePath, $"https://hello.localhost:{_server.TlsPort}/");
        Assert.True(still.ExitCode == 0, still.ToString());
        Assert.Equal(1, leaves.Count);
        Assert.NotNull(leaves.Peek("hello.localhost"));
    }

    private static X509Certificate2 SelfSigned(string name, string issuer, bool acmeIdentifier = false)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={issuer}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(name);
        request.CertificateExtensions.Add(names.Build());
        if (acmeIdentifier)
        {
            // id-pe-acmeIdentifier (RFC 8737 §3): critical, an OCTET STRING of the key authorization's SHA-256.
            var digest = SHA256.HashData("token.thumbprint"u8);
            request.CertificateExtensions.Add(new X509Extension("1.3.6.1.5.5.7.1.31", [0x04, 0x20, .. digest], critical: true));
        }

        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }
}
