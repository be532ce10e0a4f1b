namespace AppLauncher.Tests.Proxy;

/// <summary>X-Forwarded-* (and Forwarded) from the client reach the app only when the direct peer is a configured proxy.</summary>
public sealed class ForwardedHeadersTests
{
    private static readonly string[] Spoofed =
    [
        "X-Forwarded-For: 203.0.113.7",
        "X-Forwarded-Proto: https",
        "X-Forwarded-Host: bank.example",
        "Forwarded: for=203.0.113.7;proto=https",
    ];

    [Fact]
    public async Task Request_FromAnUntrustedPeer_HasItsForwardedHeadersReplacedByWhatTheProxySaw()
    {
        await using var server = await ProxyServer.StartAsync();

        var (status, body) = await server.GetAsync("/", [$"Host: hello.localhost:{server.Port}", .. Spoofed]);

        Assert.Equal(200, status);
        Assert.Contains("xff=127.0.0.1 ", body);
        Assert.Contains("proto=http ", body);
        Assert.Contains($"xfhost=hello.localhost:{server.Port} ", body);
        Assert.DoesNotContain("203.0.113.7", body);
        Assert.DoesNotContain("bank.example", body);
        Assert.DoesNotContain("https", body);
    }

    [Fact]
    public async Task Request_FromATrustedProxy_KeepsItsForwardedHeadersAndAppendsThePeer()
    {
        await using var server = await ProxyServer.StartAsync(c => c.Proxy.TrustedProxies = ["127.0.0.1", "10.0.0.0/8"]);

        var (status, body) = await server.GetAsync("/", [$"Host: hello.localhost:{server.Port}", .. Spoofed]);

        Assert.Equal(200, status);
        Assert.Contains("xff=203.0.113.7, 127.0.0.1 ", body);
        Assert.Contains("proto=https ", body);
        Assert.Contains("xfhost=bank.example ", body);
        Assert.Contains("forwarded=for=203.0.113.7;proto=https", body);
    }

    [Fact]
    public async Task Request_FromAPeerOutsideTheTrustedRanges_IsNotTrusted()
    {
        await using var server = await ProxyServer.StartAsync(c => c.Proxy.TrustedProxies = ["10.0.0.0/8", "::1"]);

        var (status, body) = await server.GetAsync("/", [$"Host: hello.localhost:{server.Port}", .. Spoofed]);

        Assert.Equal(200, status);
        Assert.Contains("xff=127.0.0.1 ", body);
        Assert.DoesNotContain("203.0.113.7", body);
    }
}
