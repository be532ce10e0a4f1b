using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace AppLauncher.Tests.EndToEnd;

/// <summary>
/// An app that tries to reach what it must not, on the real engine: the Docker socket, the control plane, the local
/// registry, another app's published port on loopback, another app's container on the network they share, and a host
/// service bound on 0.0.0.0 through the network's gateway. Every probe runs inside the app's container; the test
/// process only sends traffic to loopback (the proxy), and only listens on 0.0.0.0 for the gateway probe.
/// </summary>
[Collection(LauncherCollection.Name)]
public sealed class IsolationTests(LauncherFixture launcher)
{
    /// <summary>On /socket says whether the engine's socket is there; on /probe?host=&amp;port= tries a TCP connection and says how it went.</summary>
    private const string Prober =
        """
        const http = require('http');
        const net = require('net');
        const fs = require('fs');
        const port = Number(process.env.PORT || 8080);
        const probe = (host, p) => new Promise(resolve => {
          const s = net.connect({ host, port: Number(p) });
          const done = (r) => { s.destroy(); resolve(r); };
          s.setTimeout(2000, () => done('timeout'));
          s.on('connect', () => done('open'));
          s.on('error', e => done(e.code || 'error'));
        });
        http.createServer(async (req, res) => {
          const u = new URL(req.url, 'http://x');
          let body = 'Hello from AppLauncher!';
          if (u.pathname === '/socket') body = ['/var/run/docker.sock', '/run/docker.sock'].map(p => fs.existsSync(p) ? 'present' : 'absent').join(',');
          if (u.pathname === '/probe') body = await probe(u.searchParams.get('host'), u.searchParams.get('port'));
          res.writeHead(200, { 'Content-Type': 'text/plain' });
          res.end(body + '\n');
        }).listen(port, () => console.log('listening on ' + port));
        process.on('SIGTERM', () => process.exit(0));
        """;

    private async Task<string> PushAsync(string name, string? server)
    {
        var app = launcher.AppName(name);
        using var repo = await AppRepository.FromSampleAsync("hello-node");
        if (server is not null)
        {
            await repo.WriteAndCommitAsync("server.js", server, "prober");
        }

        var push = await repo.PushAsync(launcher.PushUrl(app));
        Assert.True(push.ExitCode == 0, push.ToString());
        using var policy = await launcher.ApiAsync(HttpMethod.Put, $"/api/apps/{app}/autoscaling", new { min = 1, max = 1 });
        Assert.True(policy.IsSuccessStatusCode, await policy.Content.ReadAsStringAsync());
        return app;
    }

    private static async Task<JsonElement> DockerJsonAsync(params string[] args)
    {
        var result = await ProcessRunner.RunAsync("docker", args, "/");
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonDocument.Parse(result.Output).RootElement[0].Clone();
    }

    [Fact]
    public async Task HostileApp_ProbesSocketControlPlaneRegistryNeighboursAndHost_ReachesNone()
    {
        var hostile = await PushAsync("prober", Prober);
        var bystander = await PushAsync("neighbour", null);
        var hostileContainer = await DockerJsonAsync("inspect", Assert.Single(await launcher.ContainersAsync(hostile)));
        var neighbour = await DockerJsonAsync("inspect", Assert.Single(await launcher.ContainersAsync(bystander)));

        // What the prober is pointed at, read from the engine: the neighbour's address on the network they share and
        // its port inside, its port published on the host's loopback, and the gateway the prober's network routes through.
        var networks = hostileContainer.GetProperty("NetworkSettings").GetProperty("Networks");
        var (networkName, network) = networks.EnumerateObject().Select(n => (n.Name, n.Value)).First();
        var gateway = network.GetProperty("Gateway").GetString()!;
        var neighbourAddress = neighbour.GetProperty("NetworkSettings").GetProperty("Networks").EnumerateObject().First().Value.GetProperty("IPAddress").GetString()!;
        var neighbourPort = neighbour.GetProperty("Config").GetProperty("ExposedPorts").EnumerateObject().First().Name.Split('/')[0];
        var neighbourPublished = neighbour.GetProperty("NetworkSettings").GetProperty("Ports").EnumerateObject().First().Value[0].GetProperty("HostPort").GetString()!;

        // A host service on every interface, as a database or a dev server often is: reachable through the gateway unless the host refuses.
        using var hostService = new TcpListener(IPAddress.Any, 0);
        hostService.Start();
        var hostPort = ((IPEndPoint)hostService.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var control = launcher.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var targets = new Dictionary<string, (string Host, string Port)>
        {
            ["control plane on loopback"] = ("127.0.0.1", control),
            ["control plane via gateway"] = (gateway, control),
            ["registry on loopback"] = ("127.0.0.1", "5000"),
            ["registry via gateway"] = (gateway, "5000"),
            ["neighbour's published port on loopback"] = ("127.0.0.1", neighbourPublished),
            ["neighbour's container on the app network"] = (neighbourAddress, neighbourPort),
            ["host service on 0.0.0.0 via gateway"] = (gateway, hostPort),
        };
        var reached = new Dictionary<string, string>();
        foreach (var (what, (host, port)) in targets)
        {
            reached[what] = (await launcher.Http.GetStringAsync($"{launcher.AppUrl(hostile)}probe?host={host}&port={port}")).Trim();
        }

        var socket = (await launcher.Http.GetStringAsync(launcher.AppUrl(hostile) + "socket")).Trim();
        Console.WriteLine($"app network {networkName}, gateway {gateway}; docker socket: {socket}; " + string.Join("; ", reached.Select(r => $"{r.Key}: {r.Value}")));

        // The proxy still reaches both through their ports on 127.0.0.1.
        Assert.Equal("Hello from AppLauncher!\n", await launcher.Http.GetStringAsync(launcher.AppUrl(hostile)));
        Assert.Equal("Hello from AppLauncher!\n", await launcher.Http.GetStringAsync(launcher.AppUrl(bystander)));
        Assert.Equal("absent,absent", socket);
        Assert.DoesNotContain(hostileContainer.GetProperty("Mounts").EnumerateArray(), m => m.GetProperty("Source").GetString()!.Contains("docker.sock", StringComparison.Ordinal));
        var open = reached.Where(r => r.Value == "open").Select(r => r.Key).ToList();
        Assert.True(open.Count == 0, $"the app reached: {string.Join(", ", open)}");

        // On the engine: both on the app network, which has inter-container communication off, and nowhere else.
        Assert.Equal("launcher-apps", networkName);
        Assert.Equal(["launcher-apps"], networks.EnumerateObject().Select(n => n.Name));
        Assert.Equal("launcher-apps", hostileContainer.GetProperty("HostConfig").GetProperty("NetworkMode").GetString());
        var appNetwork = await DockerJsonAsync("network", "inspect", "launcher-apps");
        Assert.Equal("false", appNetwork.GetProperty("Options").GetProperty("com.docker.network.bridge.enable_icc").GetString());
        var attached = appNetwork.GetProperty("Containers").EnumerateObject().Select(c => c.Name).ToList();
        Assert.Contains(hostileContainer.GetProperty("Id").GetString(), attached);
        Assert.Contains(neighbour.GetProperty("Id").GetString(), attached);
    }
}
