using System.Diagnostics;
using System.Text.Json;

namespace AppLauncher.Tests.EndToEnd;

/// <summary>A killed or crashing instance is noticed from the engine's events and replaced, with back-off, on the real engine.</summary>
[Collection(LauncherCollection.Name)]
public sealed class SupervisionTests(LauncherFixture launcher)
{
    /// <summary>Answers with its container's host name; with CRASH_AFTER_MS set, prints a line and exits 3 that long after it listens.</summary>
    private const string Server =
        """
        const http = require('http');
        const os = require('os');
        const port = Number(process.env.PORT || 8080);
        http.createServer((req, res) => { res.writeHead(200, { 'Content-Type': 'text/plain' }); res.end(os.hostname() + '\n'); })
          .listen(port, () => {
            console.log('listening on ' + port);
            const after = Number(process.env.CRASH_AFTER_MS || 0);
            if (after > 0) setTimeout(() => { console.log('boom: giving up'); process.exit(3); }, after);
          });
        process.on('SIGTERM', () => process.exit(0));
        """;

    private async Task<string> DeployAsync(string name, string? launcherYaml = null)
    {
        var app = launcher.AppName(name);
        using var repo = await AppRepository.FromSampleAsync("hello-node");
        await repo.WriteAndCommitAsync("server.js", Server, "server");
        if (launcherYaml is not null)
        {
            await repo.WriteAndCommitAsync("launcher.yaml", launcherYaml, "config");
        }

        var push = await repo.PushAsync(launcher.PushUrl(app));
        Assert.True(push.ExitCode == 0, push.ToString());
        using var policy = await launcher.ApiAsync(HttpMethod.Put, $"/api/apps/{app}/autoscaling", new { min = 1, max = 3 });
        Assert.True(policy.IsSuccessStatusCode, await policy.Content.ReadAsStringAsync());
        return app;
    }

    private async Task<JsonElement> ScaleAsync(string app)
    {
        using var response = await launcher.ApiAsync(HttpMethod.Get, $"/api/apps/{app}/scale");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<JsonElement> AppsEntryAsync(string app)
    {
        using var response = await launcher.ApiAsync(HttpMethod.Get, "/api/apps");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.EnumerateArray().Single(a => a.GetProperty("name").GetString() == app).Clone();
    }

    [Fact]
    public async Task DockerKill_OnlyInstanceUnderLoad_ReplacedWithinSecondsAndNoRequestFails()
    {
        var app = await DeployAsync("killed");
        var before = Assert.Single(await launcher.ContainersAsync(app));
        var oldHost = (await launcher.Http.GetStringAsync(launcher.AppUrl(app))).Trim();
        var load = new LoadGenerator(launcher.AppUrl(app), workers: 4);
        await load.WaitForRequestsAsync(200);

        var logsBefore = launcher.LogText.Length;
        var killedAt = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();
        var kill = await ProcessRunner.RunAsync("docker", ["kill", before], "/");
        Assert.True(kill.ExitCode == 0, kill.ToString());
        string host;
        do
        {
            host = (await launcher.Http.GetStringAsync(launcher.AppUrl(app))).Trim();
        }
        while (host == oldHost && watch.Elapsed < TimeSpan.FromSeconds(30));
        var answeringAgain = watch.Elapsed;
        await load.WaitForRequestsAsync(200);
        await load.DisposeAsync();

        Console.WriteLine($"docker kill → answering again from a new instance: {answeringAgain.TotalMilliseconds:0} ms; {load.Requests} requests, {load.Failures.Count} failed");
        // The phases, from the server's own log: the die event, the decision, the container's start, ready.
        var phases = launcher.LogText[logsBefore..].Split('\n')
            .Where(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^[0-9:.]{12} [A-Za-z]+ AppLauncher\.(Runtime|Autoscaling)\.") && (l.Contains(app, StringComparison.Ordinal) || l.Contains(before[..12], StringComparison.Ordinal)));
        Console.WriteLine($"killed at {killedAt:HH:mm:ss.fff}; the server's log since:\n  " + string.Join("\n  ", phases));

        // The killed container is the supervisor's to remove: started again (as if it were resting), it would be removed
        // under the replacement's feet, count as a second crash and hold the app in a 10 s back-off.
        var events = await ProcessRunner.RunAsync(
            "docker", ["events", "--since", killedAt.AddSeconds(-1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--until", DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--filter", $"container={before}", "--format", "{{.Action}}"], "/");
        Assert.True(events.ExitCode == 0, events.ToString());
        // The window is whole seconds, so it may hold the container's own create and start just before the kill: only
        // what follows the kill counts.
        var actions = events.Output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
        Assert.Contains("kill", actions);
        Assert.DoesNotContain("start", actions.Skip(actions.IndexOf("kill")));
        Assert.NotEqual(oldHost, host);
        Assert.Empty(load.Failures);
        // How fast is a figure for the benchmark and the note, not a timed assertion (it moves with the machine's load).
        Assert.DoesNotContain(before, await launcher.ContainersAsync(app));
        var crashes = (await ScaleAsync(app)).GetProperty("crashes");
        Assert.Equal(1, crashes.GetProperty("restarts").GetInt32());
        Assert.Equal(137, crashes.GetProperty("lastExitCode").GetInt32());
        var listed = await AppsEntryAsync(app);
        Assert.Equal("running", listed.GetProperty("state").GetString());
        Assert.Equal("running (1 restart, last exit 137)", listed.GetProperty("stateDetail").GetString());
    }

    [Fact]
    public async Task CrashLoop_AppExitsSoonAfterStart_BacksOffAndShowsExitCodeAndOutput()
    {
        // The CLI is built on first use: built now, so reading the list later fits inside a back-off.
        var warm = await ProcessRunner.RunAsync(Path.Combine(RepositoryRoot.Path, "scripts", "launcher"), ["--help"], RepositoryRoot.Path, timeout: TimeSpan.FromMinutes(5));
        Assert.True(warm.ExitCode == 0, warm.ToString());

        // Passes its start (it answers), then exits 3 a second later, every time.
        var app = await DeployAsync("crashloop", "kind: App\nenv:\n  CRASH_AFTER_MS: \"1500\"\n");

        var watch = Stopwatch.StartNew();
        JsonElement status;
        do
        {
            await Task.Delay(500);
            status = await ScaleAsync(app);
        }
        // The output is read after the crash is counted (the replacement does not wait for it): waited for too.
        while (!(status.TryGetProperty("crashes", out var c) && c.ValueKind == JsonValueKind.Object && c.GetProperty("restarts").GetInt32() >= 2
                 && c.GetProperty("lastOutput").GetString() is { Length: > 0 }) && watch.Elapsed < TimeSpan.FromSeconds(30));

        var crashes = status.GetProperty("crashes");
        Assert.True(crashes.GetProperty("crashLooping").GetBoolean(), status.ToString());
        Assert.Equal(3, crashes.GetProperty("lastExitCode").GetInt32());
        Assert.Contains("boom: giving up", crashes.GetProperty("lastOutput").GetString());
        Assert.Equal(JsonValueKind.String, crashes.GetProperty("backoffUntil").ValueKind);
        Assert.Contains("crash loop: back-off", status.GetProperty("reason").GetString());

        // The apps list and `launcher apps` show it as kubectl shows CrashLoopBackOff: exit code, restarts, next try.
        var listed = await AppsEntryAsync(app);
        Assert.True(listed.GetProperty("state").GetString() == "crashing", listed.ToString());
        Assert.StartsWith("crashing (exit 3, ", listed.GetProperty("stateDetail").GetString());
        Assert.Contains(" restarts, next try in ", listed.GetProperty("stateDetail").GetString());
        var listedCrash = listed.GetProperty("crash");
        Assert.Equal(3, listedCrash.GetProperty("lastExitCode").GetInt32());
        Assert.True(listedCrash.GetProperty("restarts").GetInt32() >= 2, listed.ToString());
        Assert.Equal(JsonValueKind.String, listedCrash.GetProperty("backoffUntil").ValueKind);
        var cli = await ProcessRunner.RunAsync(
            Path.Combine(RepositoryRoot.Path, "scripts", "launcher"), ["apps", "--url", launcher.ControlUrl, "--token", LauncherFixture.Token], RepositoryRoot.Path, timeout: TimeSpan.FromMinutes(5));
        Console.WriteLine(cli.Output);
        Assert.True(cli.ExitCode == 0, cli.ToString());
        var row = Assert.Single(cli.Output.Split('\n'), l => l.Contains(app, StringComparison.Ordinal));
        Assert.Matches(@"crashing \(exit 3, [0-9]+ restarts, next try in [0-9]+s\)", row);

        // Backing off: nothing is started for the next seconds (10 s after the second crash).
        var restarts = crashes.GetProperty("restarts").GetInt32();
        await Task.Delay(TimeSpan.FromSeconds(5));
        Assert.Empty(await launcher.ContainersAsync(app));
        Assert.Equal(restarts, (await ScaleAsync(app)).GetProperty("crashes").GetProperty("restarts").GetInt32());
    }
}
