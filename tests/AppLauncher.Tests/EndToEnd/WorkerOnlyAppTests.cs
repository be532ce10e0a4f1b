using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Xunit.Abstractions;

namespace AppLauncher.Tests.EndToEnd;

/// <summary>
/// An app with no web process on the real engine (samples/hello-worker-only: a Procfile with only <c>worker:</c> and no
/// start command): the push releases it without waiting for a port and prints no URL, its host answers that it has no web
/// process, <c>launcher apps</c> and the API say so, its worker runs and is supervised, and the worker's restart count
/// survives a restart of the server.
/// </summary>
[Collection(LauncherCollection.Name)]
public sealed class WorkerOnlyAppTests(LauncherFixture launcher, ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private Task<ProcessRunner.Result> CliAsync(params string[] args) =>
        ProcessRunner.RunAsync(Path.Combine(RepositoryRoot.Path, "scripts", "launcher"), args, RepositoryRoot.Path,
            new Dictionary<string, string> { ["LAUNCHER_URL"] = launcher.ControlUrl, ["LAUNCHER_TOKEN"] = LauncherFixture.Token }, timeout: TimeSpan.FromMinutes(5));

    /// <summary>The app's running containers: id and the process type label (empty for web instances).</summary>
    private static async Task<(string Id, string Type)[]> ContainersAsync(string app)
    {
        var result = await ProcessRunner.RunAsync("docker",
            ["ps", "--no-trunc", "--filter", $"label=launcher.app={app}", "--format", "{{.ID}} {{.Label \"launcher.process\"}}"], "/");
        return [.. result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).Select(p => (p[0], p.Length > 1 ? p[1] : ""))];
    }

    private static async Task<(string Id, string Type)[]> WaitForAsync(string app, Func<(string Id, string Type)[], bool> done)
    {
        var watch = Stopwatch.StartNew();
        var containers = await ContainersAsync(app);
        while (!done(containers) && watch.Elapsed < Bound)
        {
            await Task.Delay(250);
            containers = await ContainersAsync(app);
        }

        return containers;
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await launcher.ApiAsync(HttpMethod.Get, path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static JsonElement Worker(JsonElement processes) =>
        processes.GetProperty("types").EnumerateArray().Single(t => t.GetProperty("type").GetString() == "worker");

    [Fact]
    public async Task WorkerOnly_PushedKilledAndServerRestarted_NoUrlWorkerSupervisedRestartsKept()
    {
        var app = launcher.AppName("workers");
        using var repo = await AppRepository.FromSampleAsync("hello-worker-only");
        var push = await repo.PushAsync(launcher.PushUrl(app));
        output.WriteLine(push.ToString());
        Assert.True(push.ExitCode == 0, push.ToString());
        Assert.Contains("no web process", push.Output);
        Assert.Contains($"{app} has no web process: it gets no URL", push.Output);
        Assert.DoesNotContain("waiting for it to answer on PORT", push.Output);
        Assert.DoesNotContain($"{app}.localhost", push.Output);
        Assert.Contains($"Started 1 worker instance of {app}-00001: node worker.js", push.Output);

        // Only the worker runs: no web container was ever started for it.
        var worker = Assert.Single(await WaitForAsync(app, c => c.Length == 1));
        Assert.Equal("worker", worker.Type);

        // Its host says there is no web process; it does not hold the request to start one.
        using (var response = await launcher.Http.GetAsync(launcher.AppUrl(app)))
        {
            var page = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains("has no web process", page);
            Assert.Contains("web:", page);
        }

        Assert.Single(await ContainersAsync(app));

        // The API and the CLI say so.
        var described = await GetJsonAsync($"/api/apps/{app}");
        Assert.True(described.GetProperty("noWeb").GetBoolean());
        Assert.Equal(JsonValueKind.Null, described.GetProperty("url").ValueKind);
        Assert.Equal("no web process", described.GetProperty("state").GetString());
        var apps = await CliAsync("apps");
        Assert.True(apps.ExitCode == 0, apps.ToString());
        Assert.Matches($@"{app}\s.*\(no web process\)", apps.Output);
        var ps = await CliAsync("ps", app);
        output.WriteLine(ps.ToString());
        Assert.True(ps.ExitCode == 0, ps.ToString());
        Assert.Contains("(no web process)", ps.Output);
        Assert.Matches(@"worker\s+1/1\s+running\s+0", ps.Output);
        Assert.DoesNotMatch(@"\bweb\s+\d", ps.Output);
        var processes = await GetJsonAsync($"/api/apps/{app}/processes");
        Assert.True(processes.GetProperty("noWeb").GetBoolean());
        Assert.DoesNotContain(processes.GetProperty("types").EnumerateArray(), t => t.GetProperty("type").GetString() == "web");

        // Killed: replaced, and the restart counted.
        var kill = await ProcessRunner.RunAsync("docker", ["kill", worker.Id], "/");
        Assert.True(kill.ExitCode == 0, kill.ToString());
        var replaced = Assert.Single(await WaitForAsync(app, c => c.Length == 1 && c[0].Id != worker.Id));
        Assert.NotEqual(worker.Id, replaced.Id);
        Assert.Equal(1, Worker(await GetJsonAsync($"/api/apps/{app}/processes")).GetProperty("restarts").GetInt32());

        // A restarted server still knows both: the restart count (kept in the store) and that the host has no web process.
        await launcher.RestartAsync();
        Assert.Equal(1, Worker(await GetJsonAsync($"/api/apps/{app}/processes")).GetProperty("restarts").GetInt32());
        var psAfter = await CliAsync("ps", app);
        Assert.True(psAfter.ExitCode == 0, psAfter.ToString());
        Assert.Matches(@"worker\s+1/1\s+running\s+1", psAfter.Output);
        using (var response = await launcher.Http.GetAsync(launcher.AppUrl(app)))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains("has no web process", await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(replaced.Id, Assert.Single(await ContainersAsync(app)).Id);
    }
    [Fact]
    public async Task WebAppBecomesWorkerOnlyAndBack_WebDrainedHostSaysNoWebThenServesAgain()
    {
        var app = launcher.AppName("noweb");
        using var repo = await AppRepository.FromSampleAsync("hello-worker");
        var first = await repo.PushAsync(launcher.PushUrl(app));
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal("Hello from the web process!\n", await launcher.Http.GetStringAsync(launcher.AppUrl(app)));

        // Its web process goes: no web: line, no start script, no server.js.
        File.Delete(Path.Combine(repo.Path, "server.js"));
        await File.WriteAllTextAsync(Path.Combine(repo.Path, "package.json"), "{\"name\": \"hello-worker\", \"version\": \"1.0.0\", \"private\": true, \"engines\": {\"node\": \">=18\"}}\n");
        await repo.WriteAndCommitAsync("Procfile", "worker: node worker.js\n", "workers only");
        var second = await repo.PushAsync(launcher.PushUrl(app));
        output.WriteLine(second.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains($"{app} has no web process: it gets no URL", second.Output);

        // The first revision's web instance drains; only the second revision's worker is left; the host says why.
        var left = await WaitForAsync(app, c => c.Length == 1 && c[0].Type == "worker");
        Assert.Equal("worker", Assert.Single(left).Type);
        using (var response = await launcher.Http.GetAsync(launcher.AppUrl(app)))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains("has no web process", await response.Content.ReadAsStringAsync());
        }

        Assert.True((await GetJsonAsync($"/api/apps/{app}")).GetProperty("noWeb").GetBoolean());

        // And back: a web process again gets its URL and serves.
        await File.WriteAllTextAsync(Path.Combine(repo.Path, "server.js"),
            "require('http').createServer((q, s) => s.end('web again\\n')).listen(Number(process.env.PORT || 8080));\nprocess.on('SIGTERM', () => process.exit(0));\n");
        await repo.WriteAndCommitAsync("Procfile", "web: node server.js\nworker: node worker.js\n", "web again");
        var third = await repo.PushAsync(launcher.PushUrl(app));
        Assert.True(third.ExitCode == 0, third.ToString());
        Assert.Contains($"{app}.localhost", third.Output);
        Assert.Equal("web again\n", await launcher.Http.GetStringAsync(launcher.AppUrl(app)));
        var described = await GetJsonAsync($"/api/apps/{app}");
        Assert.False(described.GetProperty("noWeb").GetBoolean());
        Assert.Contains($"{app}.localhost", described.GetProperty("url").GetString());
    }
}
