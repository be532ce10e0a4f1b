using System.Text;
using Xunit.Abstractions;

namespace AppLauncher.Tests.Proxy;

/// <summary>Host headers a hostile or broken client sends, through the real proxy: a clear 400, never a 500, and the server keeps answering.</summary>
public sealed class ProxyHostHeaderTests(DefaultProxyServer fixture, ITestOutputHelper output) : IClassFixture<DefaultProxyServer>
{
    private ProxyServer Server => fixture.Server;

    private string Port => Server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Request_WithAHostLongerThanADnsName_Gets400BeforeAnyLookupAndTheServerKeepsAnswering()
    {
        // About 30 KB: under the 32 KB header limit, so it reaches the proxy.
        var host = string.Concat(Enumerable.Repeat("a-", 15 * 1024)) + "hello.localhost";

        var (status, body) = await Server.GetAsync("/", $"Host: {host}:{Port}");
        output.WriteLine($"{host.Length}-character Host: {status} {body}");

        Assert.Equal(400, status);
        Assert.Contains("at most 253", body);
        Assert.Equal((200, "ok\n"), await Server.GetAsync("/healthz", $"Host: localhost:{Port}"));
        Assert.Contains("app host=hello.localhost", (await Server.GetAsync("/", $"Host: hello.localhost:{Port}")).Body);
    }

    [Fact]
    public async Task Request_ForAnAppHostWithATrailingDot_GoesToTheApp()
    {
        var (status, body) = await Server.GetAsync("/healthz", $"Host: hello.localhost.:{Port}");
        var (upper, upperBody) = await Server.GetAsync("/healthz", $"Host: HELLO.LocalHost.:{Port}");

        Assert.Equal(200, status);
        Assert.Contains($"app host=hello.localhost.:{Port}", body);
        Assert.Equal(200, upper);
        Assert.Contains("app host=", upperBody);
    }

    [Fact]
    public async Task Request_ForTheControlPlaneHostWithATrailingDot_GoesToTheControlPlane()
    {
        Assert.Equal((200, "ok\n"), await Server.GetAsync("/healthz", $"Host: localhost.:{Port}"));
    }

    public static TheoryData<string, byte[], string?> HostileHosts()
    {
        byte[] Raw(string headers) => Encoding.UTF8.GetBytes($"GET / HTTP/1.1\r\n{headers}Connection: close\r\n\r\n");
        var label64 = new string('a', 64);
        return new()
        {
            { "254 characters", Raw($"Host: {string.Join('.', Enumerable.Repeat(new string('a', 62), 4))}.ab.localhost\r\n"), "at most 253" },
            { "a label of 64", Raw($"Host: {label64}.localhost\r\n"), "at most 63" },
            { "an empty label", Raw("Host: hello..localhost\r\n"), "empty label" },
            { "a leading dot", Raw("Host: .localhost\r\n"), "empty label" },
            { "two trailing dots", Raw("Host: hello.localhost..\r\n"), "empty label" },
            { "only a dot", Raw("Host: .\r\n"), "empty label" },
            { "percent-encoded", Raw("Host: hel%6co.localhost\r\n"), null },
            { "sub-delims", Raw("Host: hello!$&'()*+,;=.localhost\r\n"), null },
            { "empty", Raw("Host: \r\n"), "no Host" },
            { "missing", Raw(""), null },
            { "NUL", Raw("Host: hello\0.localhost\r\n"), null },
            { "a control character", Raw("Host: hello\u0001.localhost\r\n"), null },
            { "DEL", Raw("Host: hello\u007f.localhost\r\n"), null },
            { "non-ASCII", Raw("Host: hellö.localhost\r\n"), null },
            { "many colons", Raw("Host: hello.localhost:1:2:3\r\n"), null },
            { "a bare IPv6 address", Raw("Host: ::1\r\n"), null },
            { "an unclosed IPv6 literal", Raw("Host: [::1\r\n"), null },
            { "a non-IPv6 in brackets", Raw("Host: [hello.localhost]\r\n"), null },
            { "a port that is not a number", Raw("Host: hello.localhost:http\r\n"), null },
            { "userinfo", Raw("Host: user@hello.localhost\r\n"), null },
            { "a space", Raw("Host: hello localhost\r\n"), null },
            { "duplicated", Raw("Host: hello.localhost\r\nHost: localhost\r\n"), null },
            { "two values in one", Raw("Host: hello.localhost, localhost\r\n"), null },
            { "HTTP/1.0 without Host", Encoding.ASCII.GetBytes("GET / HTTP/1.0\r\n\r\n"), "no Host" },
            { "an absolute target naming another host", Encoding.ASCII.GetBytes("GET http://localhost/api/apps HTTP/1.1\r\nHost: hello.localhost\r\nConnection: close\r\n\r\n"), null },
            { "an absolute target with a hostile host", Encoding.ASCII.GetBytes("GET http://hello..localhost/ HTTP/1.1\r\nHost: hello..localhost\r\nConnection: close\r\n\r\n"), null },
        };
    }

    [Theory]
    [MemberData(nameof(HostileHosts))]
    public async Task Request_WithAHostileHost_Gets400AndTheServerKeepsAnswering(string what, byte[] request, string? because)
    {
        var (status, body) = await Server.SendAsync(request);
        output.WriteLine($"{what}: {status} {body}");

        Assert.Equal(400, status);
        if (because is not null)
        {
            Assert.Contains(because, body);
        }

        Assert.Equal((200, "ok\n"), await Server.GetAsync("/healthz", $"Host: localhost:{Port}"));
    }
}
