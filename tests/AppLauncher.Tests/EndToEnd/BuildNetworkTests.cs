using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace AppLauncher.Tests.EndToEnd;

/// <summary>
/// Builds run contained: a build step reaches the package registries but not the control plane, the apps or any
/// other service of this host; a build that runs too long is stopped. All traffic of the probes goes to loopback or
/// to the npm registry; no bridge address is ever used.
/// </summary>
[Collection(LauncherCollection.Name)]
public sealed partial class BuildNetworkTests(LauncherFixture launcher)
{
    /// <summary>A build step that tries the control plane and an app on loopback, the host by name, and the npm registry.</summary>
    private static string Probe(int controlPort, int appPort) =>
        $$"""
        const net = require("net"), dns = require("dns"), https = require("https"), os = require("os");
        const connect = (name, port) => new Promise(done => {
          const socket = net.connect({ host: "127.0.0.1", port, timeout: 5000 });
          socket.on("connect", () => { console.log(`probe ${name}: CONNECTED`); socket.destroy(); done(); });
          socket.on("error", e => { console.log(`probe ${name}: could not connect (${e.code})`); done(); });
          socket.on("timeout", () => { console.log(`probe ${name}: could not connect (timeout)`); socket.destroy(); done(); });
        });
        const resolve = name => new Promise(done => dns.lookup(name, (e, address) => {
          console.log(e ? `probe ${name}: could not resolve (${e.code})` : `probe ${name}: resolved to ${address}`); done();
        }));
        const registry = () => new Promise(done => https.get("https://registry.npmjs.org/left-pad", response => {
          console.log(`probe npm registry: HTTP ${response.statusCode}`); response.resume(); done();
        }).on("error", e => { console.log(`probe npm registry: failed (${e.code || e.message})`); done(); }));
        (async () => {
          console.log(`probe container: ${os.hostname()}`);
          await connect("control plane", {{controlPort}});
          await connect("app", {{appPort}});
          await resolve("host.docker.internal");
          await registry();
        })();
        """;

    private const string ProbeDockerfile =
        """
        FROM launcher/stack-node-run:latest
        WORKDIR /app
        COPY probe.js server.js ./
        RUN node probe.js
        USER 1000:1000
        CMD ["node", "server.js"]
        """;

    [Fact]
    public async Task Push_BuildProbesHostServices_ReachesOnlyTheRegistryOnTheIsolatedNetwork()
    {
        // A flushed firewall comes back: the rule is put in place before every build, not only at start.
        var bridge = await BridgeAsync();
        await ProcessRunner.RunAsync("iptables", ["-w", "5", "-D", .. Rule(bridge)], "/");

        var (result, since) = await PushProbeAsync("netprobe");

        Assert.True(result.ExitCode == 0, result.ToString());
        AssertOutput.Contains($"probe control plane: could not connect", result);
        AssertOutput.Contains($"probe app: could not connect", result);
        AssertOutput.Contains("probe host.docker.internal: could not resolve", result);
        AssertOutput.Contains("probe npm registry: HTTP 200", result);
        AssertOutput.DoesNotContain("CONNECTED", result);
        AssertOutput.DoesNotContain("build.networkMode: host", result);

        // The engine's own record: the probe step's container was connected to the build network, and to nothing else.
        var probe = ProbeContainer().Match(result.Output);
        Assert.True(probe.Success, $"the probe did not run in a container of its own: {result}");
        var container = probe.Groups[1].Value;
        var connects = await NetworkConnectsAsync(since);
        Assert.Contains(connects, c => c.Container.StartsWith(container, StringComparison.Ordinal) && c.Network == launcher.Config.Build.Network);
        Assert.DoesNotContain(connects, c => c.Container.StartsWith(container, StringComparison.Ordinal) && c.Network != launcher.Config.Build.Network);

        // The network has no traffic between its containers, and the host's firewall refuses what comes from its bridge.
        var icc = await ProcessRunner.RunAsync("docker",
            ["network", "inspect", launcher.Config.Build.Network, "--format", "{{.Driver}} {{index .Options \"com.docker.network.bridge.enable_icc\"}}"], "/");
        Assert.Equal("bridge false", icc.Output.Trim());
        var rule = await ProcessRunner.RunAsync("iptables", ["-w", "5", "-C", .. Rule(await BridgeAsync())], "/");
        Assert.True(rule.ExitCode == 0, $"no INPUT rule for the build network's bridge: {rule}");
    }

    [Fact]
    public async Task Push_HostNetworkOptIn_TheSameProbeReachesTheControlPlaneAndIsWarnedAbout()
    {
        var mode = launcher.Config.Build.NetworkMode;
        launcher.Config.Build.NetworkMode = "host";
        try
        {
            var (result, _) = await PushProbeAsync("hostprobe");

            Assert.True(result.ExitCode == 0, result.ToString());
            AssertOutput.Contains("warning: this build runs on the host's network (build.networkMode: host)", result);
            AssertOutput.Contains("probe control plane: CONNECTED", result);
            AssertOutput.Contains("probe app: CONNECTED", result);
        }
        finally
        {
            launcher.Config.Build.NetworkMode = mode;
        }
    }

    [Fact]
    public async Task Push_BuildRunsPastTheTimeout_IsStoppedAndThePushSaysHowToRaiseIt()
    {
        var app = launcher.AppName("slowbuild");
        using var repo = await AppRepository.FromSampleAsync("hello-dockerfile");
        await repo.WriteAndCommitAsync("Dockerfile", "FROM launcher/stack-node-run:latest\nRUN sleep 613\nCMD [\"node\", \"-e\", \"0\"]\n", "slow build");
        var timeout = launcher.Config.Build.TimeoutSeconds;
        launcher.Config.Build.TimeoutSeconds = 10;
        try
        {
            var started = Stopwatch.GetTimestamp();
            var result = await repo.PushAsync(launcher.PushUrl(app));
            var elapsed = Stopwatch.GetElapsedTime(started);

            Assert.NotEqual(0, result.ExitCode);
            AssertOutput.Contains("pre-receive hook declined", result);
            AssertOutput.Contains("RUN sleep 613", result);
            AssertOutput.Contains("the build was stopped after 10 s (the platform's build timeout)", result);
            AssertOutput.Contains("raise build.timeoutSeconds in the platform's launcher.yaml", result);

            // The engine stops the step's container once the build is cancelled: none is left sleeping.
            var left = "";
            for (var i = 0; i < 60; i++)
            {
                left = (await ProcessRunner.RunAsync("docker", ["ps", "--no-trunc", "--format", "{{.ID}} {{.Command}}"], "/")).Output;
                if (!left.Contains("sleep 613", StringComparison.Ordinal))
                {
                    break;
                }

                await Task.Delay(500);
            }

            Assert.DoesNotContain("sleep 613", left);
            Console.WriteLine(FormattableString.Invariant($"build timeout 10 s: push rejected after {elapsed.TotalSeconds:0.0} s"));
        }
        finally
        {
            launcher.Config.Build.TimeoutSeconds = timeout;
        }
    }

    private async Task<(ProcessRunner.Result Result, DateTimeOffset Since)> PushProbeAsync(string name)
    {
        // An app running on this host, published on loopback: the probe must not reach it.
        var target = launcher.AppName(name + "-target");
        using var targetRepo = await AppRepository.FromSampleAsync("hello-dockerfile");
        var deployed = await targetRepo.PushAsync(launcher.PushUrl(target));
        Assert.True(deployed.ExitCode == 0, deployed.ToString());
        var appPort = await PublishedPortAsync(Assert.Single(await launcher.ContainersAsync(target)));

        var app = launcher.AppName(name);
        using var repo = await AppRepository.FromSampleAsync("hello-dockerfile");
        await File.WriteAllTextAsync(Path.Combine(repo.Path, "probe.js"), Probe(launcher.Port, appPort));
        await repo.WriteAndCommitAsync("Dockerfile", ProbeDockerfile, "probe the network");
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        return (await repo.PushAsync(launcher.PushUrl(app)), since);
    }

    private static string[] Rule(string bridge) =>
        ["INPUT", "-i", bridge, "-m", "comment", "--comment", "launcher-build: builds do not reach this host", "-j", "REJECT"];

    /// <summary>The host side of the build network (the server made it at start): the engine's <c>br-</c> + 12 hex of its id.</summary>
    private async Task<string> BridgeAsync()
    {
        var id = await ProcessRunner.RunAsync("docker", ["network", "inspect", launcher.Config.Build.Network, "--format", "{{.Id}}"], "/");
        Assert.True(id.ExitCode == 0, id.ToString());
        return "br-" + id.Output.Trim()[..12];
    }

    private static async Task<int> PublishedPortAsync(string container)
    {
        var port = await ProcessRunner.RunAsync("docker", ["port", container], "/");
        var match = LoopbackBinding().Match(port.Output);
        Assert.True(match.Success, port.ToString());
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Network connect events since <paramref name="since"/>, from the engine's event API.</summary>
    private static async Task<List<(string Container, string Network)>> NetworkConnectsAsync(DateTimeOffset since)
    {
        var events = await ProcessRunner.RunAsync("docker",
        [
            "events", "--since", since.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--until", DateTimeOffset.UtcNow.AddSeconds(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--filter", "type=network", "--filter", "event=connect", "--format", "{{json .}}",
        ], "/");
        var connects = new List<(string, string)>();
        foreach (var line in events.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var json = JsonDocument.Parse(line);
            var attributes = json.RootElement.GetProperty("Actor").GetProperty("Attributes");
            connects.Add((attributes.GetProperty("container").GetString()!, attributes.GetProperty("name").GetString()!));
        }

        return connects;
    }

    [GeneratedRegex(@"probe container: ([0-9a-f]{12})")]
    private static partial Regex ProbeContainer();

    [GeneratedRegex(@"127\.0\.0\.1:(\d+)")]
    private static partial Regex LoopbackBinding();
}
