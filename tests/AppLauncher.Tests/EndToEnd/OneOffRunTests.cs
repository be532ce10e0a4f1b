using System.Diagnostics;
using System.Text.Json;
using Xunit.Abstractions;

namespace AppLauncher.Tests.EndToEnd;

/// <summary><c>launcher run</c> on the real engine: output, input, exit codes, the app's config vars, listing, detach, removal.</summary>
[Collection(LauncherCollection.Name)]
public sealed class OneOffRunTests(LauncherFixture launcher, ITestOutputHelper output)
{
    private Task<ProcessRunner.Result> CliAsync(string? stdin, params string[] args) =>
        ProcessRunner.RunAsync(Path.Combine(RepositoryRoot.Path, "scripts", "launcher"), args, RepositoryRoot.Path,
            new Dictionary<string, string> { ["LAUNCHER_URL"] = launcher.ControlUrl, ["LAUNCHER_TOKEN"] = LauncherFixture.Token }, TimeSpan.FromMinutes(5), stdin);

    private static async Task<string[]> RunContainersAsync(string app) =>
        (await ProcessRunner.RunAsync("docker", ["ps", "-aq", "--filter", $"label=launcher.app={app}", "--filter", "label=launcher.role=run"], "/"))
            .Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public async Task Run_InTheAppsImage_ReturnsOutputExitCodeAndInputAndLeavesNothingBehind()
    {
        var app = launcher.AppName("runs");
        Assert.Equal(0, (await CliAsync(null, "apps", "create", app)).ExitCode);

        // No revision yet: says to push first.
        var early = await CliAsync(null, "run", app, "--", "node", "--version");
        Assert.Equal(1, early.ExitCode);
        Assert.Contains("has no revision yet: push it first", early.Output);

        Assert.Equal(0, (await CliAsync(null, "config", "set", app, "GREETING=from-config")).ExitCode);
        using var repo = await AppRepository.FromSampleAsync("hello-node");
        var push = await repo.PushAsync(launcher.PushUrl(app));
        Assert.True(push.ExitCode == 0, push.ToString());

        // Output of both streams, the config vars, the exit code, and the apps' containment (not root).
        var watch = Stopwatch.StartNew();
        var run = await CliAsync(null, "run", app, "--", "sh", "-c", "echo to-out; echo to-err >&2; echo \"greeting=$GREETING\"; echo \"uid=$(id -u)\"; exit 3");
        output.WriteLine($"launcher run (CLI start to exit, including its own start): {watch.Elapsed.TotalMilliseconds:0} ms\n{run}");
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("to-out", run.Output);
        Assert.Contains("to-err", run.Output);
        Assert.Contains("greeting=from-config", run.Output);
        Assert.DoesNotContain("uid=0", run.Output);
        Assert.Contains("uid=", run.Output);

        // Input with -i.
        var cat = await CliAsync("line one\nline two\n", "run", "-i", app, "--", "cat");
        Assert.True(cat.ExitCode == 0, cat.ToString());
        Assert.Contains("line one\nline two", cat.Output.Replace("\r", ""));

        // A command the image does not have: its exit code and the reason.
        var missing = await CliAsync(null, "run", app, "--", "no-such-command");
        Assert.Equal(127, missing.ExitCode);
        Assert.Contains("no-such-command", missing.Output);

        // Listed while it runs, removed once it ended.
        var sleeping = CliAsync(null, "run", app, "--", "sleep", "4");
        JsonElement runs;
        var seen = Stopwatch.StartNew();
        do
        {
            await Task.Delay(250);
            using var response = await launcher.ApiAsync(HttpMethod.Get, $"/api/apps/{app}/runs");
            runs = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        }
        while (!runs.EnumerateArray().Any(r => r.GetProperty("state").GetString() == "running") && seen.Elapsed < TimeSpan.FromSeconds(30));
        var listed = Assert.Single(runs.EnumerateArray());
        Assert.Equal("sleep 4", listed.GetProperty("command").GetString());
        Assert.Equal("running", listed.GetProperty("state").GetString());
        Assert.Equal(0, (await sleeping).ExitCode);
        Assert.Empty(await RunContainersAsync(app));

        // Detached: returns at once; its output stays readable.
        var detached = await CliAsync(null, "run", "--detach", app, "--", "sh", "-c", "echo detached-output");
        Assert.True(detached.ExitCode == 0, detached.ToString());
        var id = System.Text.RegularExpressions.Regex.Match(detached.Output, @"--run ([0-9a-f]{12})").Groups[1].Value;
        Assert.NotEmpty(id);
        ProcessRunner.Result logs;
        var waited = Stopwatch.StartNew();
        do
        {
            await Task.Delay(250);
            logs = await CliAsync(null, "logs", app, "--run", id);
        }
        while (!logs.Output.Contains("detached-output") && waited.Elapsed < TimeSpan.FromSeconds(30));
        Assert.Contains("detached-output", logs.Output);
        Assert.Single(await RunContainersAsync(app));
    }
}
