using System.Diagnostics;
using System.Text.Json;

namespace AppLauncher.Tests.EndToEnd;

/// <summary>
/// App containers run confined on the real engine: no capabilities, no new privileges, pids, CPU and memory limits,
/// a read-only root with a writable /tmp when asked, and a non-root user for an image that wants root. An app that
/// forks without end or allocates past its limit is stopped there, and the server and other apps keep answering.
/// </summary>
[Collection(LauncherCollection.Name)]
public sealed class ContainmentTests(LauncherFixture launcher)
{
    /// <summary>A Dockerfile app that keeps the stack's root user (no USER line).</summary>
    private const string Dockerfile =
        """
        FROM launcher/stack-node-run:latest
        WORKDIR /app
        COPY server.js .
        CMD ["node", "server.js"]
        """;

    /// <summary>Says who it runs as and where it can write; on /fork starts a fork bomb, on /hog allocates without end (after answering).</summary>
    private const string Server =
        """
        const http = require('http');
        const fs = require('fs');
        const { spawn } = require('child_process');
        const port = Number(process.env.PORT || 8080);
        const held = [];
        const tryWrite = (p) => { try { fs.writeFileSync(p, 'x'); return 'ok'; } catch (e) { return e.code; } };
        http.createServer((req, res) => {
          res.writeHead(200, { 'Content-Type': 'text/plain' });
          if (req.url === '/fork') {
            res.end('forking\n');
            spawn('/bin/sh', ['-c', 'b(){ b | b & }; b'], { detached: true, stdio: 'ignore' }).on('error', () => {});
          } else if (req.url === '/hog') {
            res.end('hogging\n');
            setInterval(() => { for (let i = 0; i < 8; i++) held.push(Buffer.alloc(8 * 1024 * 1024, 1)); }, 20);
          } else {
            res.end(`uid=${process.getuid()} app=${tryWrite('/app/probe')} tmp=${tryWrite('/tmp/probe')}\n`);
          }
        }).listen(port, () => console.log('listening on ' + port));
        process.on('SIGTERM', () => process.exit(0));
        """;

    private const string AppYaml = "kind: App\nreadOnlyRootFilesystem: true\nresources:\n  limits:\n    cpu: 250m\n    memory: 96Mi\n";

    private async Task<string> PushAsync(string name, bool hostile)
    {
        var app = launcher.AppName(name);
        using var repo = await AppRepository.FromSampleAsync(hostile ? "hello-dockerfile" : "hello-node");
        if (hostile)
        {
            await repo.WriteAndCommitAsync("Dockerfile", Dockerfile, "root dockerfile");
            await repo.WriteAndCommitAsync("server.js", Server, "server");
            await repo.WriteAndCommitAsync("launcher.yaml", AppYaml, "config");
        }

        var push = await repo.PushAsync(launcher.PushUrl(app));
        Assert.True(push.ExitCode == 0, push.ToString());
        using var policy = await launcher.ApiAsync(HttpMethod.Put, $"/api/apps/{app}/autoscaling", new { min = 1, max = 1 });
        Assert.True(policy.IsSuccessStatusCode, await policy.Content.ReadAsStringAsync());
        return app;
    }

    private static async Task<JsonElement> InspectAsync(string container)
    {
        var result = await ProcessRunner.RunAsync("docker", ["inspect", container], "/");
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonDocument.Parse(result.Output).RootElement[0].Clone();
    }

    [Fact]
    public async Task Start_RootDockerfileAppAskingReadOnlyRoot_RunsConfinedAsNobody()
    {
        var app = await PushAsync("confined", hostile: true);

        var answer = await launcher.Http.GetStringAsync(launcher.AppUrl(app));
        var container = await InspectAsync(Assert.Single(await launcher.ContainersAsync(app)));

        Assert.Equal("uid=65534 app=EROFS tmp=ok\n", answer);
        var host = container.GetProperty("HostConfig");
        Assert.Equal(["ALL"], host.GetProperty("CapDrop").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(JsonValueKind.Null, host.GetProperty("CapAdd").ValueKind);
        Assert.Contains("no-new-privileges:true", host.GetProperty("SecurityOpt").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(512, host.GetProperty("PidsLimit").GetInt64());
        Assert.Equal(96L * 1024 * 1024, host.GetProperty("Memory").GetInt64());
        Assert.Equal(250_000_000, host.GetProperty("NanoCpus").GetInt64());
        Assert.True(host.GetProperty("ReadonlyRootfs").GetBoolean());
        Assert.True(host.GetProperty("Tmpfs").TryGetProperty("/tmp", out _));
        Assert.Equal("65534:65534", container.GetProperty("Config").GetProperty("User").GetString());
        Assert.Equal("no", host.GetProperty("RestartPolicy").GetProperty("Name").GetString());
    }

    [Fact]
    public async Task Start_BuildpackApp_KeepsItsOwnNonRootUserAndDefaultLimits()
    {
        var app = await PushAsync("defaults", hostile: false);

        var container = await InspectAsync(Assert.Single(await launcher.ContainersAsync(app)));

        var host = container.GetProperty("HostConfig");
        Assert.Equal(512L * 1024 * 1024, host.GetProperty("Memory").GetInt64());
        Assert.Equal(500_000_000, host.GetProperty("NanoCpus").GetInt64());
        Assert.False(host.GetProperty("ReadonlyRootfs").GetBoolean());
        Assert.Equal("1000:1000", container.GetProperty("Config").GetProperty("User").GetString());
    }

    [Fact]
    public async Task HostileApp_ForkBombAndMemoryHog_ContainedWhileServerAndOtherAppsAnswer()
    {
        var hostile = await PushAsync("hostile", hostile: true);
        var other = await PushAsync("bystander", hostile: false);
        var bombed = Assert.Single(await launcher.ContainersAsync(hostile));

        Assert.Equal("forking\n", await launcher.Http.GetStringAsync(launcher.AppUrl(hostile) + "fork"));
        // The bomb grows as fast as its CPU limit lets it (slowly on a busy machine): watched until it is big, never past the limit.
        var watch = Stopwatch.StartNew();
        var most = 0;
        while (most < 200 && watch.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(500);
            var pids = await ProcessRunner.RunAsync("docker", ["stats", "--no-stream", "--format", "{{.PIDs}}", bombed], "/");
            most = Math.Max(most, int.Parse(pids.Output.Trim(), System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.InRange(most, 200, 512);
        watch.Restart();
        Assert.Equal("Hello from AppLauncher!\n", await launcher.Http.GetStringAsync(launcher.AppUrl(other)));
        using (var api = await launcher.ApiAsync(HttpMethod.Get, "/api/apps"))
        {
            Assert.True(api.IsSuccessStatusCode);
        }

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"the bystander took {watch.Elapsed.TotalMilliseconds:0} ms during the fork bomb");

        // The bomb's container is put out of its misery; its replacement hogs memory and is ended by the kernel.
        await ProcessRunner.RunAsync("docker", ["kill", bombed], "/");
        watch.Restart();
        string answer;
        do
        {
            answer = await launcher.Http.GetStringAsync(launcher.AppUrl(hostile));
        }
        while (!answer.StartsWith("uid=", StringComparison.Ordinal) && watch.Elapsed < TimeSpan.FromSeconds(20));
        var hog = Assert.Single(await launcher.ContainersAsync(hostile));
        Assert.Equal("hogging\n", await launcher.Http.GetStringAsync(launcher.AppUrl(hostile) + "hog"));
        JsonElement state;
        watch.Restart();
        do
        {
            await Task.Delay(250);
            var inspect = await ProcessRunner.RunAsync("docker", ["inspect", "--format", "{{json .State}}", hog], "/");
            state = inspect.ExitCode == 0 ? JsonDocument.Parse(inspect.Output).RootElement.Clone() : default;
        }
        while (state.ValueKind == JsonValueKind.Object && state.GetProperty("Running").GetBoolean() && watch.Elapsed < TimeSpan.FromSeconds(20));

        Assert.Equal("Hello from AppLauncher!\n", await launcher.Http.GetStringAsync(launcher.AppUrl(other)));
        using var scale = await launcher.ApiAsync(HttpMethod.Get, $"/api/apps/{hostile}/scale");
        var crashes = JsonDocument.Parse(await scale.Content.ReadAsStringAsync()).RootElement.GetProperty("crashes");
        Assert.True(crashes.GetProperty("outOfMemory").GetBoolean(), crashes.ToString());
    }
}
