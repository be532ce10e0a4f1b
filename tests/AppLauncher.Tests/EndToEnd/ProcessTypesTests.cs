using System.Diagnostics;
using System.Text.Json;
using Xunit.Abstractions;

namespace AppLauncher.Tests.EndToEnd;

/// <summary>
/// Procfile process types besides web on the real engine (samples/hello-worker): the worker runs without a route at its
/// own count, is scaled, is replaced with the web process on a deploy, and is replaced when it is killed.
/// </summary>
[Collection(LauncherCollection.Name)]
public sealed class ProcessTypesTests(LauncherFixture launcher, ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private Task<ProcessRunner.Result> CliAsync(params string[] args) =>
        ProcessRunner.RunAsync(Path.Combine(RepositoryRoot.Path, "scripts", "launcher"), args, RepositoryRoot.Path,
            new Dictionary<string, string> { ["LAUNCHER_URL"] = launcher.ControlUrl, ["LAUNCHER_TOKEN"] = LauncherFixture.Token }, timeout: TimeSpan.FromMinutes(5));

    /// <summary>The app's running worker containers, with the revision each belongs to.</summary>
    private static async Task<(string Id, string Revision)[]> WorkersAsync(string app)
    {
        var result = await ProcessRunner.RunAsync("docker",
            ["ps", "--no-trunc", "--filter", $"label=launcher.app={app}", "--filter", "label=launcher.process=worker", "--format", "{{.ID}} {{.Label \"launcher.revision\"}}"], "/");
        return [.. result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).Select(p => (p[0], p[1]))];
    }

    private static async Task<(string Id, string Revision)[]> WaitForWorkersAsync(string app, Func<(string Id, string Revision)[], bool> done)
    {
        var watch = Stopwatch.StartNew();
        var workers = await WorkersAsync(app);
        while (!done(workers) && watch.Elapsed < Bound)
        {
            await Task.Delay(250);
            workers = await WorkersAsync(app);
        }

        return workers;
    }

    private async Task<JsonElement> ProcessesAsync(string app)
    {
        using var response = await launcher.ApiAsync(HttpMethod.Get, $"/api/apps/{app}/processes");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static JsonElement TypeOf(JsonElement processes, string type) =>
        processes.GetProperty("types").EnumerateArray().Single(t => t.GetProperty("type").GetString() == type);

    [Fact]
    public async Task WebAndWorker_ScaledRedeployedAndKilled_WorkerFollowsAndWebDropsNothing()
    {
        var app = launcher.AppName("procs");
        using var repo = await AppRepository.FromSampleAsync("hello-worker");
        var push = await repo.PushAsync(launcher.PushUrl(app));
        Assert.True(push.ExitCode == 0, push.ToString());
        Assert.Contains($"Started 1 worker instance of {app}-00001: node worker.js", push.Output);
        Assert.Equal("Hello from the web process!\n", await launcher.Http.GetStringAsync(launcher.AppUrl(app)));

        // One worker, not routed, logging every second.
        var first = Assert.Single(await WorkersAsync(app));
        Assert.Equal($"{app}-00001", first.Revision);
        var ticking = Stopwatch.StartNew();
        ProcessRunner.Result logs;
        do
        {
            await Task.Delay(500);
            logs = await ProcessRunner.RunAsync("docker", ["logs", first.Id], "/");
        }
        while (!logs.Output.Contains("worker tick 2") && ticking.Elapsed < Bound);
        Assert.Contains("worker tick 2", logs.Output);
        var ps = await CliAsync("ps", app);
        output.WriteLine(ps.ToString());
        Assert.True(ps.ExitCode == 0, ps.ToString());
        Assert.Matches(@"worker\s+1/1\s+running\s+0", ps.Output);
        Assert.Matches(@"web\s+1 \(autoscaled\)\s+running", ps.Output);

        // Bad input: refused naming the valid types; nothing changes.
        foreach (var bad in new[] { "web=-1", "wrker=1", "worker=-1" })
        {
            var refused = await CliAsync("scale", app, bad);
            Assert.True(refused.ExitCode != 0, refused.ToString());
            Assert.Contains("its process types are: worker", refused.Output);
            Assert.Contains("Nothing was changed", refused.Output);
        }

        Assert.Equal([first], await WorkersAsync(app));

        // Scale to 2 and back to 1.
        var up = await CliAsync("scale", app, "worker=2");
        Assert.True(up.ExitCode == 0, up.ToString());
        Assert.Equal(2, (await WaitForWorkersAsync(app, w => w.Length == 2)).Length);
        var down = await CliAsync("scale", app, "worker=1");
        Assert.True(down.ExitCode == 0, down.ToString());
        Assert.Single(await WaitForWorkersAsync(app, w => w.Length == 1));
        Assert.Equal(1, TypeOf(await ProcessesAsync(app), "worker").GetProperty("desired").GetInt32());

        // Redeploy under load: both types move to the new revision, no web request fails.
        var load = new LoadGenerator(launcher.AppUrl(app), workers: 4);
        await load.WaitForRequestsAsync(100);
        await repo.ReplaceAndCommitAsync("server.js", "Hello from the web process!", "Hello again from the web process!", "v2");
        var redeploy = await repo.PushAsync(launcher.PushUrl(app));
        Assert.True(redeploy.ExitCode == 0, redeploy.ToString());
        var moved = await WaitForWorkersAsync(app, w => w.Length == 1 && w[0].Revision == $"{app}-00002");
        await load.WaitForRequestsAsync(100);
        await load.DisposeAsync();
        output.WriteLine($"redeploy under load: {load.Requests} requests, {load.Failures.Count} failed");
        Assert.Contains($"Stopping worker {first.Id[..12]} of {app}-00001", redeploy.Output);
        Assert.Equal($"{app}-00002", Assert.Single(moved).Revision);
        Assert.Empty(load.Failures);
        Assert.Equal("Hello again from the web process!\n", await launcher.Http.GetStringAsync(launcher.AppUrl(app)));

        // Killed: replaced, and counted as a restart with its exit code.
        var victim = moved[0];
        var watch = Stopwatch.StartNew();
        var kill = await ProcessRunner.RunAsync("docker", ["kill", victim.Id], "/");
        Assert.True(kill.ExitCode == 0, kill.ToString());
        var replaced = await WaitForWorkersAsync(app, w => w.Length == 1 && w[0].Id != victim.Id);
        output.WriteLine($"docker kill → replacement worker running: {watch.Elapsed.TotalMilliseconds:0} ms");
        Assert.NotEqual(victim.Id, Assert.Single(replaced).Id);
        var worker = TypeOf(await ProcessesAsync(app), "worker");
        Assert.Equal(1, worker.GetProperty("restarts").GetInt32());
        Assert.Equal(137, worker.GetProperty("lastExitCode").GetInt32());
    }
}
