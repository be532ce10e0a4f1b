using System.Diagnostics;
using System.Net;
using System.Text.Json;
using AppLauncher.Tests.EndToEnd;
using Xunit.Abstractions;

namespace AppLauncher.Tests.Rebuilds;

/// <summary>
/// A server whose static stack runs on a stack image of this test's own (built on the real static-run stack, with a
/// name and an ENV of its own), so the test can change the stack's contents without touching the shared stacks.
/// </summary>
public sealed class StackRebuildFixture : IAsyncLifetime
{
    public StackRebuildFixture()
    {
        Launcher = new LauncherFixture { Configure = c => c.Stacks["static"] = new() { Build = "launcher/stack-base:latest", Run = Image } };
    }

    public LauncherFixture Launcher { get; }

    /// <summary>The stack's name (its launcher.stack.name label), unique per run.</summary>
    public string Stack { get; } = "t" + Guid.NewGuid().ToString("N")[..6] + "-static-run";

    public string Image => $"launcher-test/{Stack}:latest";

    public async Task InitializeAsync()
    {
        await BuildStackAsync("v1");
        await Launcher.InitializeAsync();
    }

    /// <summary>(Re)builds the stack image with <paramref name="version"/> in its environment (new contents, new image id); returns the id.</summary>
    public async Task<string> BuildStackAsync(string version)
    {
        var dockerfile = $"FROM launcher/stack-static-run:latest\nLABEL launcher.stack.name={Stack}\nENV LAUNCHER_TEST_STACK={version}\n";
        var build = await ProcessRunner.RunAsync("docker", ["build", "--network", "none", "-t", Image, "-"], "/", new Dictionary<string, string> { ["DOCKER_BUILDKIT"] = "0" }, stdin: dockerfile);
        Assert.True(build.ExitCode == 0, build.ToString());
        return (await ProcessRunner.RunAsync("docker", ["image", "inspect", "--format", "{{.Id}}", Image], "/")).Output.Trim();
    }

    public async Task DisposeAsync()
    {
        await Launcher.DisposeAsync();
        var ids = await ProcessRunner.RunAsync("docker", ["images", "-q", $"launcher-test/{Stack}"], "/");
        await ProcessRunner.RunAsync("docker", ["rmi", "-f", Image], "/");
        foreach (var id in ids.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Distinct())
        {
            await ProcessRunner.RunAsync("docker", ["rmi", id.Trim()], "/");
        }
    }
}

/// <summary>Stack rebuilds end to end: a stack image changes, its app is rebuilt from its commit and released under load with no failed request.</summary>
public sealed class StackRebuildTests(StackRebuildFixture fixture, ITestOutputHelper output) : IClassFixture<StackRebuildFixture>
{
    private LauncherFixture Launcher => fixture.Launcher;

    [Fact]
    public async Task Rebuild_StackChanged_RebuildsTheAppOnTheNewStackWithNoFailedRequest()
    {
        var app = Launcher.AppName("stack-rebuild");
        using var repo = await AppRepository.FromSampleAsync("hello-static");
        var push = await repo.PushAsync(Launcher.PushUrl(app));
        Assert.True(push.ExitCode == 0, push.ToString());

        // Unchanged stack: nothing to rebuild, and the answer says so.
        using (var unchanged = await Launcher.ApiAsync(HttpMethod.Post, "/api/rebuilds", new { stack = fixture.Stack }))
        {
            var text = await unchanged.Content.ReadAsStringAsync();
            Assert.True(unchanged.StatusCode == HttpStatusCode.Accepted, text);
            var decision = Decision(text, app);
            Assert.False(decision.GetProperty("queued").GetBoolean(), text);
            Assert.Equal($"stack {fixture.Stack} unchanged", decision.GetProperty("skipped").GetString());
        }

        await using var load = new LoadGenerator(Launcher.AppUrl(app), workers: 2);
        await load.WaitForRequestsAsync(20);

        // The stack built anew (a new image under its tag): the server sees the tag event and checks by itself.
        var newStack = await fixture.BuildStackAsync("v2");
        var watch = Stopwatch.StartNew();
        var last = await WaitForOutcomeAsync(app);
        output.WriteLine($"stack built → rebuild released in {watch.Elapsed.TotalSeconds:0.0} s (the watcher waits 5 s of quiet): {last}");
        Assert.Equal(("released", $"rebuilt: stack {fixture.Stack} changed", "rebuild (stack built)"),
            (last.GetProperty("result").GetString(), last.GetProperty("reason").GetString(), last.GetProperty("actor").GetString()));

        await load.WaitForRequestsAsync(20);
        output.WriteLine($"{load.Requests} requests, {load.Failures.Count} failed");
        Assert.True(load.Failures.Count == 0, $"{load.Failures.Count} of {load.Requests} requests failed during the rebuild, e.g. {load.Failures.FirstOrDefault()}");

        // The release history and the build log say why; the new revision's image is built on the new stack.
        using var releases = JsonDocument.Parse(await (await Launcher.ApiAsync(HttpMethod.Get, $"/api/apps/{app}/releases")).Content.ReadAsStringAsync());
        var current = releases.RootElement.EnumerateArray().Single(r => r.GetProperty("current").GetBoolean());
        var first = releases.RootElement.EnumerateArray().Single(r => r.GetProperty("number").GetInt32() == 1);
        Assert.Equal(2, current.GetProperty("number").GetInt32());
        Assert.Equal($"rebuilt: stack {fixture.Stack} changed", current.GetProperty("change").GetString());
        Assert.Equal(first.GetProperty("commit").GetString(), current.GetProperty("commit").GetString());
        Assert.Equal("rebuild (stack built)", current.GetProperty("actor").GetString());
        Assert.NotEqual(first.GetProperty("image").GetString(), current.GetProperty("image").GetString());

        var imageId = current.GetProperty("imageId").GetString()!;
        var labels = await InspectAsync(imageId, "{{index .Config.Labels \"launcher.stacks\"}}");
        Assert.Contains($"{fixture.Stack}={newStack}", labels);
        Assert.Contains("LAUNCHER_TEST_STACK=v2", await InspectAsync(imageId, "{{json .Config.Env}}"));
        Assert.Contains("LAUNCHER_TEST_STACK=v1", await InspectAsync(first.GetProperty("imageId").GetString()!, "{{json .Config.Env}}"));

        using var builds = JsonDocument.Parse(await (await Launcher.ApiAsync(HttpMethod.Get, $"/api/apps/{app}/builds")).Content.ReadAsStringAsync());
        var build = builds.RootElement.EnumerateArray().MaxBy(b => b.GetProperty("id").GetInt64());
        var log = await (await Launcher.ApiAsync(HttpMethod.Get, $"/api/apps/{app}/builds/{build.GetProperty("id").GetInt64()}/log")).Content.ReadAsStringAsync();
        Assert.Contains($"rebuilt: stack {fixture.Stack} changed", log);
        Assert.Contains("Released", log);

        // Checked again: it runs on the current stack now, so nothing is built twice.
        using var again = await Launcher.ApiAsync(HttpMethod.Post, "/api/rebuilds", new { stack = fixture.Stack });
        Assert.False(Decision(await again.Content.ReadAsStringAsync(), app).GetProperty("queued").GetBoolean());

        // The CLI, on the same app: a check of the stack (JSON), a rebuild by hand (followed to its release), the queue.
        var env = new Dictionary<string, string> { ["LAUNCHER_URL"] = Launcher.ControlUrl, ["LAUNCHER_TOKEN"] = LauncherFixture.Token };
        Task<ProcessRunner.Result> CliAsync(params string[] args) => ProcessRunner.RunAsync(Path.Combine(RepositoryRoot.Path, "scripts", "launcher"), args, RepositoryRoot.Path, env);
        var check = await CliAsync("rebuild", "--stack", fixture.Stack, "--json");
        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Equal($"stack {fixture.Stack} unchanged", Decision(check.Output[check.Output.IndexOf('{')..], app).GetProperty("skipped").GetString());

        var byHand = await CliAsync("rebuild", app);
        output.WriteLine(byHand.Output);
        Assert.True(byHand.ExitCode == 0, byHand.ToString());
        Assert.Contains($"{app}: released {app}-00003 (rebuilt: asked for by admin)", byHand.Output);

        var status = await CliAsync("rebuild", "--status");
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("No rebuild running.", status.Output);
        Assert.Contains("rebuilt: asked for by admin", status.Output);

        var both = await CliAsync("rebuild", app, "--stack", fixture.Stack);
        Assert.NotEqual(0, both.ExitCode);
        Assert.Contains("give an app or --stack, not both", both.Output);

        await load.WaitForRequestsAsync(20);
        output.WriteLine($"{load.Requests} requests in all, {load.Failures.Count} failed");
        Assert.True(load.Failures.Count == 0, $"{load.Failures.Count} of {load.Requests} requests failed during the rebuilds, e.g. {load.Failures.FirstOrDefault()}");
    }

    [Fact]
    public async Task Rebuild_UnknownStack_IsRefusedNamingTheStacks()
    {
        using var response = await Launcher.ApiAsync(HttpMethod.Post, "/api/rebuilds", new { stack = "no-such-stack" });
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("No stack named 'no-such-stack' on this machine", text);
        Assert.Contains(fixture.Stack, text);
    }

    [Fact]
    public async Task Rebuild_AppWithoutRevision_IsAConflict()
    {
        var app = Launcher.AppName("rebuild-empty");
        using (var create = await Launcher.ApiAsync(HttpMethod.Post, "/api/apps", new { name = app }))
        {
            Assert.True(create.IsSuccessStatusCode, await create.Content.ReadAsStringAsync());
        }

        using var response = await Launcher.ApiAsync(HttpMethod.Post, $"/api/apps/{app}/rebuild");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("no released revision to rebuild", text);
    }

    private static JsonElement Decision(string answer, string app)
    {
        using var json = JsonDocument.Parse(answer);
        return json.RootElement.GetProperty("apps").EnumerateArray().Single(a => a.GetProperty("app").GetString() == app).Clone();
    }

    /// <summary>Waits until the app's rebuild has an outcome (a state, not a time; the limit only ends a hung test).</summary>
    private async Task<JsonElement> WaitForOutcomeAsync(string app)
    {
        var limit = Stopwatch.StartNew();
        while (true)
        {
            var text = await (await Launcher.ApiAsync(HttpMethod.Get, $"/api/apps/{app}/rebuild")).Content.ReadAsStringAsync();
            using var json = JsonDocument.Parse(text);
            var root = json.RootElement;
            if (!root.GetProperty("queued").GetBoolean() && !root.GetProperty("running").GetBoolean() && root.GetProperty("last").ValueKind == JsonValueKind.Object)
            {
                return root.GetProperty("last").Clone();
            }

            Assert.True(limit.Elapsed < TimeSpan.FromMinutes(10), $"the rebuild of {app} has not finished: {text}");
            await Task.Delay(250);
        }
    }

    private static async Task<string> InspectAsync(string image, string format) =>
        (await ProcessRunner.RunAsync("docker", ["image", "inspect", "--format", format, image], "/")).Output;
}
