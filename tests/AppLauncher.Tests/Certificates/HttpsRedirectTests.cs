using AppLauncher.Tests.Proxy;

namespace AppLauncher.Tests.Certificates;

/// <summary>
/// The redirect to HTTPS and HSTS, on a real server (the app <c>hello</c> routed to a real backend), with real curl:
/// on by default when TLS is on, never for the ACME HTTP-01 path or the control plane, off when <c>tls.redirect</c> is.
/// </summary>
public sealed class HttpsRedirectTests
{
    private static Task<ProcessRunner.Result> CurlAsync(ProxyServer server, params string[] args) =>
        ProcessRunner.RunAsync("curl", ["-sS", "--max-time", "20", "-D", "-", "-o", "/dev/null",
            "--resolve", $"hello.localhost:{server.Port}:127.0.0.1", "--resolve", $"hello.localhost:{server.TlsPort}:127.0.0.1", .. args], "/", timeout: TimeSpan.FromSeconds(30));

    [Fact]
    public async Task Http_ToAnApp_IsRedirectedWith308ExceptTheAcmePathAndTheControlPlane()
    {
        await using var server = await ProxyServer.StartAsync(tls: true);

        var app = await CurlAsync(server, $"http://hello.localhost:{server.Port}/a/b?c=d");
        var acme = await CurlAsync(server, $"http://hello.localhost:{server.Port}/.well-known/acme-challenge/tok3n");
        var control = await CurlAsync(server, $"http://localhost:{server.Port}/healthz");
        var followed = await CurlAsync(server, "-L", "--cacert", server.RootCertificatePath, "-X", "POST", "-d", "x=1", $"http://hello.localhost:{server.Port}/form");

        Assert.Contains("HTTP/1.1 308", app.Output);
        Assert.Contains($"Location: https://hello.localhost:{server.TlsPort}/a/b?c=d", app.Output);
        Assert.Contains("HTTP/1.1 200", acme.Output);
        Assert.DoesNotContain("Location:", acme.Output);
        Assert.Contains("HTTP/1.1 200", control.Output);
        Assert.True(followed.ExitCode == 0, followed.ToString());
        Assert.Contains("HTTP/2 200", followed.Output);
    }

    [Fact]
    public async Task Https_ToAnApp_CarriesHstsWithTheConfiguredMaxAge_AndTheControlPlaneNone()
    {
        await using var server = await ProxyServer.StartAsync(c => c.Tls.HstsMaxAgeSeconds = 600, tls: true);

        var app = await CurlAsync(server, "--cacert", server.RootCertificatePath, $"https://hello.localhost:{server.TlsPort}/");
        var control = await CurlAsync(server, "--cacert", server.RootCertificatePath, $"https://localhost:{server.TlsPort}/healthz");
        var plain = await CurlAsync(server, $"http://hello.localhost:{server.Port}/.well-known/acme-challenge/x");

        Assert.Contains("strict-transport-security: max-age=600", app.Output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("strict-transport-security", control.Output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("strict-transport-security", plain.Output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task RedirectAndHstsOff_ServeTheAppOverHttpAndHttpsAsAsked()
    {
        await using var server = await ProxyServer.StartAsync(c => { c.Tls.Redirect = false; c.Tls.HstsMaxAgeSeconds = 0; }, tls: true);

        var http = await CurlAsync(server, $"http://hello.localhost:{server.Port}/");
        var https = await CurlAsync(server, "--cacert", server.RootCertificatePath, $"https://hello.localhost:{server.TlsPort}/");

        Assert.Contains("HTTP/1.1 200", http.Output);
        Assert.Contains("HTTP/2 200", https.Output);
        Assert.DoesNotContain("strict-transport-security", https.Output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task TlsOff_NeitherRedirectsNorListensOnHttps()
    {
        await using var server = await ProxyServer.StartAsync();

        var http = await CurlAsync(server, $"http://hello.localhost:{server.Port}/");
        var https = await CurlAsync(server, "-k", $"https://hello.localhost:{server.TlsPort}/");

        Assert.Contains("HTTP/1.1 200", http.Output);
        Assert.NotEqual(0, https.ExitCode);
    }
}
