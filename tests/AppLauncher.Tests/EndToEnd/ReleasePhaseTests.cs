using System.Net;

namespace AppLauncher.Tests.EndToEnd;

/// <summary>The Procfile's release command and the app's health check path, on real pushes.</summary>
[Collection(LauncherCollection.Name)]
public sealed class ReleasePhaseTests(LauncherFixture launcher)
{
    private const string HealthApp =
        """
        const http = require('http');
        const healthy = process.env.UNHEALTHY !== 'yes' && !require('fs').existsSync('unhealthy');
        http.createServer((req, res) => {
          if (req.url === '/healthz') { res.writeHead(healthy ? 200 : 503); res.end(healthy ? 'ok' : 'not yet'); return; }
          res.writeHead(200, { 'Content-Type': 'text/plain' }); res.end(healthy ? 'healthy build\n' : 'sick build\n');
        }).listen(Number(process.env.PORT || 8080));
        """;

    private string PushUrl(string app) => $"http://x:{LauncherFixture.Token}@localhost:{launcher.Port}/{app}.git";

    [Fact]
    public async Task Push_WithAReleaseCommand_RunsItOnceBeforeTrafficMovesAndAFailingOneFailsTheDeploy()
    {
        var app = launcher.AppName("release");
        using var repo = await AppRepository.FromSampleAsync("hello-node");
        await repo.WriteAndCommitAsync("migrate.js", "console.log('migrated schema to v2');\n", "migration");
        await repo.WriteAndCommitAsync("Procfile", "web: node server.js\nrelease: node migrate.js\n", "release phase");

        var ok = await repo.PushAsync(PushUrl(app));

        Assert.True(ok.ExitCode == 0, ok.ToString());
        AssertOutput.Contains("remote: -----> Running release command: node migrate.js", ok);
        AssertOutput.Contains("migrated schema to v2", ok);
        Assert.Equal("Hello from AppLauncher!\n", await launcher.Http.GetStringAsync(launcher.AppUrl(app)));

        await repo.WriteAndCommitAsync("migrate.js", "console.error('cannot reach the database'); process.exit(3);\n", "broken migration");
        await repo.ReplaceAndCommitAsync("server.js", "Hello from AppLauncher!", "Never served", "v2");
        var failed = await repo.PushAsync(PushUrl(app));

        Assert.NotEqual(0, failed.ExitCode);
        AssertOutput.Contains("cannot reach the database", failed);
        AssertOutput.Contains("Release command failed: 'node migrate.js' (Procfile release:) exited with code 3", failed);
        AssertOutput.Contains($"Nothing changed: {app}-00001 keeps serving.", failed);
        Assert.Equal("Hello from AppLauncher!\n", await launcher.Http.GetStringAsync(launcher.AppUrl(app)));
        var leftovers = await ProcessRunner.RunAsync("docker", ["ps", "-aq", "--filter", $"label=launcher.revision={app}-00002"], "/");
        Assert.Equal("", leftovers.Output.Trim());
    }

    [Fact]
    public async Task Push_WithAHealthCheckPath_WaitsForItAndAFailingOneKeepsThePreviousVersion()
    {
        var app = launcher.AppName("health");
        using var repo = await AppRepository.FromSampleAsync("hello-node");
        await repo.WriteAndCommitAsync("server.js", HealthApp, "health endpoint");
        await repo.WriteAndCommitAsync("launcher.yaml", "kind: App\nhealthCheck:\n  path: /healthz\n", "health check");

        var ok = await repo.PushAsync(PushUrl(app));

        Assert.True(ok.ExitCode == 0, ok.ToString());
        Assert.Equal("healthy build\n", await launcher.Http.GetStringAsync(launcher.AppUrl(app)));

        await repo.WriteAndCommitAsync("unhealthy", "", "make it unhealthy");
        var sick = await repo.PushAsync(PushUrl(app));

        Assert.True(sick.ExitCode != 0, sick.ToString());
        AssertOutput.Contains("the health check GET /healthz answered 503, not 2xx or 3xx", sick);
        using var response = await launcher.Http.GetAsync(launcher.AppUrl(app));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("healthy build\n", await response.Content.ReadAsStringAsync());
    }
}
