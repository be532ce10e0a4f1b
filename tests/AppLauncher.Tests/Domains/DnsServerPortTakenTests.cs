using System.Net;
using System.Net.Sockets;

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

        await using var launcher = await TestLauncher.StartAsync(c =>
        {
            c.Dns.Enabled = true;
            c.Dns.Port = port;
        });

        using var health = await launcher.Http.GetAsync("healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
