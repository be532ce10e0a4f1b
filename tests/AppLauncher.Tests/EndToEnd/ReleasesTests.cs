using System.Net;
using Xunit.Abstractions;

namespace AppLauncher.Tests.EndToEnd;

/// <summary>Deploys and rollbacks under continuous load through the proxy: not one request may fail.</summary>
[Collection(LauncherCollection.Name)]
public sealed class ReleasesTests(LauncherFixture launcher, ITestOutputHelper output)
{
    private string PushUrl(string app) => launcher.PushUrl(app);

    private Task<HttpResponseMessage> PostAsync(string path, object body) => launcher.ApiAsync(HttpMethod.Post, path, body);

    [Fact]
    public async Task RedeployRollbackAndFailedDeploy_UnderLoad_NoRequestFails()
    {
        var app = launcher.AppName("zerodowntime");
        using var repo = await AppRepository.FromSampleAsync("hello-node");
        Assert.Equal(0, (await repo.PushAsync(PushUrl(app))).ExitCode);
        await using var load = new LoadGenerator(launcher.AppUrl(app), workers: 8);
        await load.WaitForRequestsAsync(50);

        await repo.ReplaceAndCommitAsync("server.js", "Hello from AppLauncher!", "Version two", "v2");
        var redeploy = await repo.PushAsync(PushUrl(app));
        await load.WaitForRequestsAsync(100);
        var afterRedeploy = load.Requests;

        using var rollback = await PostAsync($"/api/apps/{app}/rollback", new { });
        await load.WaitForRequestsAsync(100);
        var afterRollback = load.Requests;

        await repo.WriteAndCommitAsync("server.js", "setInterval(() => {}, 1000);\n", "never listens");
        var failed = await repo.PushAsync(PushUrl(app));
        await load.WaitForRequestsAsync(100);

        output.WriteLine($"requests: {afterRedeploy} through the redeploy, {afterRollback - afterRedeploy} through the rollback, " +
                         $"{load.Requests - afterRollback} through the failed deploy; failed: {load.Failures.Count}");
        Assert.True(redeploy.ExitCode == 0, redeploy.ToString());
        Assert.True(rollback.StatusCode == HttpStatusCode.OK, await rollback.Content.ReadAsStringAsync());
        Assert.NotEqual(0, failed.ExitCode);
        Assert.Empty(load.Failures);
        Assert.True(load.Bodies.GetValueOrDefault("Version two\n") > 0, "the new version answered");
        Assert.True(load.Bodies.GetValueOrDefault("Hello from AppLauncher!\n") > 0, "the old version answered");
        Assert.Equal("Hello from AppLauncher!\n", await launcher.Http.GetStringAsync(launcher.AppUrl(app)));
    }

    [Fact]
    public async Task Rollback_ToANamedRevision_SwitchesAtOnceAndReleasesListsIt()
    {
        var app = launcher.AppName("rollback");
        using var repo = await AppRepository.FromSampleAsync("hello-node");
        Assert.Equal(0, (await repo.PushAsync(PushUrl(app))).ExitCode);
        await repo.ReplaceAndCommitAsync("server.js", "Hello from AppLauncher!", "Two", "v2");
        Assert.Equal(0, (await repo.PushAsync(PushUrl(app))).ExitCode);
        await repo.ReplaceAndCommitAsync("server.js", "Two", "Three", "v3");
        Assert.Equal(0, (await repo.PushAsync(PushUrl(app))).ExitCode);

        using var rollback = await PostAsync($"/api/apps/{app}/rollback", new { revision = $"{app}-00001" });
        using var unknown = await PostAsync($"/api/apps/{app}/rollback", new { revision = $"{app}-00042" });
        using var current = await PostAsync($"/api/apps/{app}/rollback", new { revision = $"{app}-00001" });
        using var releases = await launcher.ApiAsync(HttpMethod.Get, $"/api/apps/{app}/releases");
        var list = await releases.Content.ReadAsStringAsync();

        Assert.True(rollback.StatusCode == HttpStatusCode.OK, await rollback.Content.ReadAsStringAsync());
        Assert.Contains($"Rolled back {app} to {app}-00001 (was {app}-00003)", await rollback.Content.ReadAsStringAsync());
        Assert.Equal("Hello from AppLauncher!\n", await launcher.Http.GetStringAsync(launcher.AppUrl(app)));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains($"has no revision '{app}-00042'", await unknown.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, current.StatusCode);
        Assert.Matches($"\"name\":\"{app}-00001\"[^}}]*\"current\":true", list);
        Assert.Matches($"\"name\":\"{app}-00003\"[^}}]*\"current\":false", list);
    }
}
