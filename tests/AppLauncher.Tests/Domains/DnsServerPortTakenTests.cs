using System.Net;
using System.Net.Sockets;
using AppLauncher.Domains;
using AppLauncher.Tests.EndToEnd;
using Microsoft.Extensions.DependencyInjection;

namespace AppLauncher.Tests.Domains;

/// <summary>A DNS port already taken is logged; the rest of AppLauncher still starts and serves.</summary>
public sealed class DnsServerPortTakenTests
{
    [Fact]
    public async Task Start_DnsPortTaken_ControlPlaneStillServes()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var logs = new CapturedLogs();

        await using var launcher = await TestLauncher.StartAsync(
            c =>
            {
                c.Dns.Enabled = true;
                c.Dns.Port = port;
            },
            logs: logs);

        AssertNotListeningAndLogged(launcher, logs, port);
        await AssertControlPlaneServesAsync(launcher);
    }

    [Fact]
    public async Task Start_DnsUdpPortTaken_ControlPlaneStillServesAndTheTcpPortIsLetGo()
    {
        // TCP binds first; the UDP bind then fails, and the server must not keep the TCP port it already took.
        var port = BindServer.FreeUdpAndTcpPort();
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, port));
        var logs = new CapturedLogs();

        await using var launcher = await TestLauncher.StartAsync(
            c =>
            {
                c.Dns.Enabled = true;
                c.Dns.Port = port;
            },
            logs: logs);

        AssertNotListeningAndLogged(launcher, logs, port);
        using var tcp = new TcpListener(IPAddress.Loopback, port);
        tcp.Start();
        await AssertControlPlaneServesAsync(launcher);
    }

    private static void AssertNotListeningAndLogged(TestLauncher launcher, CapturedLogs logs, int port)
    {
        Assert.Null(launcher.Services.GetRequiredService<DnsServer>().Endpoint);
        Assert.Contains(
            $"Error AppLauncher.Domains.DnsServer: The DNS server cannot listen on 127.0.0.1:{port}: ",
            logs.Text,
            StringComparison.Ordinal);
        Assert.Contains("Choose another dns.port (or LAUNCHER_DNS_PORT); the rest of AppLauncher runs without it", logs.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("DNS server for", logs.Text, StringComparison.Ordinal);
    }

    /// <summary>More than a health check: the authenticated API creates an app and lists it.</summary>
    private static async Task AssertControlPlaneServesAsync(TestLauncher launcher)
    {
        using var health = await launcher.Http.GetAsync("healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var app = "p" + Guid.NewGuid().ToString("N")[..6];
        await launcher.CreateAppAsync(app);
        var apps = await launcher.Http.GetStringAsync("api/apps");
        Assert.Contains($"\"{app}\"", apps, StringComparison.Ordinal);
        await launcher.DeleteAppAsync(app);
    }
}
