using System.Net;
using Xunit.Abstractions;

namespace AppLauncher.Tests.EndToEnd;

/// <summary>Traffic splitting, tags and branch previews on Docker, through the proxy, with real git pushes.</summary>
[Collection(LauncherCollection.Name)]
public sealed class TrafficTests(LauncherFixture launcher, ITestOutputHelper output)
{
    private string PushUrl(string app) => launcher.PushUrl(app);

    private string HostUrl(string label) => $"http://{label}.localhost:{launcher.Port}/";

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null) => launcher.ApiAsync(method, path, body);

    private static async Task AssertOkAsync(HttpResponseMessage response) =>
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");

    /// <summary>Two revisions of hello-node answering "Hello from AppLauncher!" (00001) and "Version two" (00002).</summary>
    private async Task<AppRepository> TwoRevisionsAsync(string app)
    {
        var repo = await AppRepository.FromSampleAsync("hello-node");
        Assert.Equal(0, (await repo.PushAsync(PushUrl(app))).ExitCode);
        await repo.ReplaceAndCommitAsync("server.js", "Hello from AppLauncher!", "Version two", "v2");
        Assert.Equal(0, (await repo.PushAsync(PushUrl(app))).ExitCode);
        return repo;
    }

    [Fact]
    public async Task SplitChanges_UnderLoad_NoRequestFails_AndA90To10SplitHolds()
    {
        var app = launcher.AppName("split");
        using var repo = await TwoRevisionsAsync(app);
        var (one, two) = ($"{app}-00001", $"{app}-00002");

        int duringSplit, duringBack;
        HttpResponseMessage split, back;
        await using (var load = new LoadGenerator(launcher.AppUrl(app), workers: 8))
        {
            await load.WaitForRequestsAsync(50);
            var before = load.Requests;
            split = await SendAsync(HttpMethod.Put, $"/api/apps/{app}/traffic", new { shares = new object[] { new { revision = one, percent = 90 }, new { revision = two, percent = 10 } } });
            await load.WaitForRequestsAsync(200);
            duringSplit = load.Requests - before;

            before = load.Requests;
            back = await SendAsync(HttpMethod.Put, $"/api/apps/{app}/traffic", new { shares = new object[] { new { latest = true, percent = 100 } } });
            await load.WaitForRequestsAsync(200);
            duringBack = load.Requests - before;

            output.WriteLine($"requests: {duringSplit} through the 90/10 change, {duringBack} through the change back; failed: {load.Failures.Count}");
            Assert.Empty(load.Failures);
            Assert.True(load.Bodies.GetValueOrDefault("Hello from AppLauncher!\n") > 0, "00001 answered during the split");
        }

        await AssertOkAsync(split);
        await AssertOkAsync(back);

        await AssertOkAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/traffic", new { shares = new object[] { new { revision = one, percent = 90 }, new { revision = two, percent = 10 } } }));
        var answers = new Dictionary<string, int>();
        for (var i = 0; i < 1000; i++)
        {
            var body = await launcher.Http.GetStringAsync(launcher.AppUrl(app));
            answers[body] = answers.GetValueOrDefault(body) + 1;
        }

        var second = answers.GetValueOrDefault("Version two\n");
        output.WriteLine($"90/10 over 1000 requests: {answers.GetValueOrDefault("Hello from AppLauncher!\n")} to {one}, {second} to {two}");
        Assert.Equal(1000, answers.GetValueOrDefault("Hello from AppLauncher!\n") + second);
        Assert.InRange(second, 70, 130);

        using var traffic = await SendAsync(HttpMethod.Get, $"/api/apps/{app}/traffic");
        var text = await traffic.Content.ReadAsStringAsync();
        Assert.Matches($"\"revision\":\"{one}\",\"percent\":90", text);
        Assert.Matches($"\"revision\":\"{two}\",\"percent\":10", text);
    }

    [Fact]
    public async Task BadSplits_AreRefusedAndChangeNothing_ThenTheCliSplitsTagsAndShows()
    {
        var app = launcher.AppName("badsplit");
        using var repo = await TwoRevisionsAsync(app);

        using var notHundred = await SendAsync(HttpMethod.Put, $"/api/apps/{app}/traffic", new { shares = new object[] { new { revision = $"{app}-00001", percent = 90 }, new { revision = $"{app}-00002", percent = 20 } } });
        using var unknown = await SendAsync(HttpMethod.Put, $"/api/apps/{app}/traffic", new { shares = new object[] { new { revision = $"{app}-00042", percent = 100 } } });
        using var badTag = await SendAsync(HttpMethod.Post, $"/api/apps/{app}/traffic/tags", new { tag = "Not_A_Label", revision = $"{app}-00001" });

        Assert.Equal(HttpStatusCode.BadRequest, notHundred.StatusCode);
        Assert.Contains("add up to 110 %", await notHundred.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains($"has no revision '{app}-00042'", await unknown.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, badTag.StatusCode);
        Assert.Contains("not a DNS label", await badTag.Content.ReadAsStringAsync());
        Assert.Equal("Version two\n", await launcher.Http.GetStringAsync(launcher.AppUrl(app)));

        // The same through the CLI: a refused split exits non-zero and says why; a good one, a tag, then the table.
        var refused = await CliAsync("traffic", app, $"{app}-00001=90");
        var split = await CliAsync("traffic", app, $"{app}-00001=50", "@latest=50", "--tag", $"{app}-00001=old");
        var shown = await CliAsync("traffic", app);
        output.WriteLine(shown.ToString());

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("add up to 90 %", refused.Output);
        Assert.True(split.ExitCode == 0, split.ToString());
        Assert.Contains($"Tagged {app}-00001 of {app} as 'old'", split.Output);
        Assert.Matches($@"{app}-00002 \(@latest\)\s+50%", shown.Output);
        Assert.Matches($@"{app}-00001\s+50%\s+old\s+http://old-{app}\.localhost:{launcher.Port}", shown.Output);
        Assert.Equal("Hello from AppLauncher!\n", await launcher.Http.GetStringAsync(HostUrl($"old-{app}")));
    }

    private Task<ProcessRunner.Result> CliAsync(params string[] args) =>
        ProcessRunner.RunAsync(Path.Combine(RepositoryRoot.Path, "scripts", "launcher"), args, RepositoryRoot.Path,
            new Dictionary<string, string> { ["LAUNCHER_URL"] = launcher.ControlUrl, ["LAUNCHER_TOKEN"] = LauncherFixture.Token });

    [Fact]
    public async Task Tag_GivesARevisionItsOwnHost_AndLatestFollowsPushes()
    {
        var app = launcher.AppName("tags");
        using var repo = await TwoRevisionsAsync(app);

        await AssertOkAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/traffic/tags", new { tag = "stable", revision = $"{app}-00001" }));
        await AssertOkAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/traffic/tags", new { tag = "now", revision = "@latest" }));
        Assert.Equal("Hello from AppLauncher!\n", await launcher.Http.GetStringAsync(HostUrl($"stable-{app}")));
        Assert.Equal("Version two\n", await launcher.Http.GetStringAsync(HostUrl($"now-{app}")));

        await repo.ReplaceAndCommitAsync("server.js", "Version two", "Version three", "v3");
        Assert.Equal(0, (await repo.PushAsync(PushUrl(app))).ExitCode);

        Assert.Equal("Version three\n", await launcher.Http.GetStringAsync(HostUrl($"now-{app}")));
        Assert.Equal("Version three\n", await launcher.Http.GetStringAsync(launcher.AppUrl(app)));
        Assert.Equal("Hello from AppLauncher!\n", await launcher.Http.GetStringAsync(HostUrl($"stable-{app}")));

        await AssertOkAsync(await SendAsync(HttpMethod.Delete, $"/api/apps/{app}/traffic/tags/stable"));
        using var gone = await launcher.Http.GetAsync(HostUrl($"stable-{app}"));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task BranchPreview_ServesAtItsOwnHost_TakesNoProductionTraffic_AndGoesWithTheBranch()
    {
        var app = launcher.AppName("preview");
        using var repo = await AppRepository.FromSampleAsync("hello-node");
        Assert.Equal(0, (await repo.PushAsync(PushUrl(app))).ExitCode);

        Assert.Equal(0, (await repo.GitAsync("checkout", "-q", "-b", "feature/Login")).ExitCode);
        await repo.ReplaceAndCommitAsync("server.js", "Hello from AppLauncher!", "Preview of login", "login");
        var push = await repo.GitAsync("push", PushUrl(app), "feature/Login");
        output.WriteLine(push.ToString());

        Assert.True(push.ExitCode == 0, push.ToString());
        Assert.Contains($"{HostUrl($"feature-login-{app}").TrimEnd('/')} previews feature/Login", push.Output);
        Assert.Equal("Preview of login\n", await launcher.Http.GetStringAsync(HostUrl($"feature-login-{app}")));
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("Hello from AppLauncher!\n", await launcher.Http.GetStringAsync(launcher.AppUrl(app)));
        }

        var delete = await repo.GitAsync("push", PushUrl(app), "--delete", "feature/Login");
        Assert.True(delete.ExitCode == 0, delete.ToString());
        Assert.Contains("removed the preview of feature/Login", delete.Output);
        using var gone = await launcher.Http.GetAsync(HostUrl($"feature-login-{app}"));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("Hello from AppLauncher!\n", await launcher.Http.GetStringAsync(launcher.AppUrl(app)));

        // The preview's instance is drained and removed; production keeps its own.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        string[] previewContainers;
        do
        {
            var result = await ProcessRunner.RunAsync("docker", ["ps", "-aq", "--filter", $"label=launcher.revision={app}-00002"], "/");
            previewContainers = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
        while (previewContainers.Length > 0 && DateTime.UtcNow < deadline && await Task.Delay(500).ContinueWith(_ => true));

        Assert.Empty(previewContainers);
        Assert.NotEmpty(await launcher.ContainersAsync(app));
    }
}
