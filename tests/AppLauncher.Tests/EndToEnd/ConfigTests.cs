using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Xunit.Abstractions;

namespace AppLauncher.Tests.EndToEnd;

/// <summary>
/// <c>launcher config set|unset|list</c> against a real server, Docker and git, under continuous load through the proxy:
/// every change is a new revision released without a failed request, a failing one changes nothing, and the secret's
/// value appears nowhere (server log, API responses, push output, CLI output, the data directory's files).
/// </summary>
[Collection(LauncherCollection.Name)]
public sealed class ConfigTests(LauncherFixture launcher, ITestOutputHelper output)
{
    private const string Actor = "e2e-config@example.com";

    private const string Server =
        """
        const http = require('http');
        const crypto = require('crypto');
        const port = Number(process.env.PORT || 8080);
        const secret = process.env.DB_PASSWORD;
        if (process.env.CRASH) {
          // A careless app: it prints its secret as it dies. The platform must not pass that on.
          console.log(`crashing with DB_PASSWORD=${secret}`);
          process.exit(3);
        }
        const fingerprint = secret ? crypto.createHash('sha256').update(secret).digest('hex').slice(0, 12) : 'no-secret';
        const body = `${process.env.GREETING || 'unset'} ${fingerprint}\n`;
        const server = http.createServer((req, res) => {
          res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
          res.end(body);
        });
        server.listen(port);
        process.on('SIGTERM', () => server.close(() => process.exit(0)));

        """;

    private readonly List<string> _outputs = [];

    private string PushUrl(string app) => launcher.PushUrl(app);

    private async Task<ProcessRunner.Result> LauncherAsync(params string[] args)
    {
        var result = await ProcessRunner.RunAsync(Path.Combine(RepositoryRoot.Path, "scripts", "launcher"), args, RepositoryRoot.Path,
            new Dictionary<string, string> { ["LAUNCHER_URL"] = launcher.ControlUrl, ["LAUNCHER_TOKEN"] = LauncherFixture.Token, ["LAUNCHER_ACTOR"] = Actor },
            TimeSpan.FromMinutes(5));
        // Labelled by subcommand only: the arguments hold the secret by design (the user typed it); the output must not.
        _outputs.Add($"launcher {args[0]} {args[1]}: {result}");
        return result;
    }

    private async Task<(HttpStatusCode Status, string Body)> ApiAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, launcher.ControlUrl + path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", LauncherFixture.Token);
        request.Headers.Add("X-Launcher-Actor", "api-user@example.com");
        using var response = await new HttpClient { Timeout = TimeSpan.FromMinutes(5) }.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        _outputs.Add($"{method} {path}: {(int)response.StatusCode} {text}");
        return (response.StatusCode, text);
    }

    private async Task<ProcessRunner.Result> PushAsync(AppRepository repo, string app)
    {
        var result = await repo.PushAsync(PushUrl(app));
        _outputs.Add($"git push: {result}");
        return result;
    }

    [Fact]
    public async Task ConfigSetSecretAndUnset_UnderLoad_ReleaseWithoutFailedRequestsAndNeverShowTheSecret()
    {
        var secret = "pw-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)))[..12];
        var app = launcher.AppName("config");
        using var repo = await AppRepository.FromSampleAsync("hello-node");
        await File.WriteAllTextAsync(Path.Combine(repo.Path, "launcher.yaml"), "kind: App\nenv:\n  GREETING: from-yaml\n");
        await repo.WriteAndCommitAsync("server.js", Server, "echo the config");
        var firstCommit = (await repo.GitAsync("rev-parse", "HEAD")).Output.Trim();

        var firstPush = await PushAsync(repo, app);
        Assert.True(firstPush.ExitCode == 0, firstPush.ToString());
        Assert.Equal("from-yaml no-secret\n", await launcher.Http.GetStringAsync(launcher.AppUrl(app)));

        await using var load = new LoadGenerator(launcher.AppUrl(app), workers: 4);
        await load.WaitForRequestsAsync(50);
        var setGreeting = await LauncherAsync("config", "set", app, "GREETING=from-config");
        await load.WaitForRequestsAsync(50);
        var setSecret = await LauncherAsync("config", "set", "--secret", app, $"DB_PASSWORD={secret}");
        await load.WaitForRequestsAsync(50);
        var noChange = await LauncherAsync("config", "set", app, "GREETING=from-config");
        var list = await LauncherAsync("config", "list", app);
        var listJson = await LauncherAsync("config", "list", app, "--json");
        var badKey = await ApiAsync(HttpMethod.Patch, $"/api/apps/{app}/config", new { set = new[] { new { key = "PORT", value = secret } } });
        var crash = await ApiAsync(HttpMethod.Patch, $"/api/apps/{app}/config", new { set = new[] { new { key = "CRASH", value = "1" } } });
        await load.WaitForRequestsAsync(50);
        var afterSets = load.Requests;

        await repo.ReplaceAndCommitAsync("server.js", "'unset'", "'still unset'", "second commit");
        var secondPush = await PushAsync(repo, app);
        await load.WaitForRequestsAsync(50);
        var unset = await ApiAsync(HttpMethod.Patch, $"/api/apps/{app}/config", new { unset = new[] { "GREETING" } });
        await load.WaitForRequestsAsync(100);
        var afterAll = load.Requests;

        var current = await launcher.Http.GetStringAsync(launcher.AppUrl(app));
        var releases = await LauncherAsync("releases", app);
        var config = await ApiAsync(HttpMethod.Get, $"/api/apps/{app}/config");
        await ApiAsync(HttpMethod.Get, $"/api/apps/{app}/releases");
        await ApiAsync(HttpMethod.Get, $"/api/apps/{app}/revisions");
        await ApiAsync(HttpMethod.Get, $"/api/apps/{app}");
        await ApiAsync(HttpMethod.Get, $"/api/apps/{app}/manifests");

        output.WriteLine($"requests: {afterSets} through four config changes (one failing), {afterAll - afterSets} through a push and an unset; " +
                         $"failed: {load.Failures.Count}; answers: {string.Join(", ", load.Bodies.Select(b => $"{b.Key.Trim()} ×{b.Value}"))}");
        Assert.Empty(load.Failures);
        Assert.True(setGreeting.ExitCode == 0, setGreeting.ToString());
        AssertOutput.Contains($"Set GREETING on {app}: released {app}-00002 (was {app}-00001)", setGreeting);
        Assert.True(setSecret.ExitCode == 0, setSecret.ToString());
        AssertOutput.Contains($"released {app}-00003", setSecret);
        AssertOutput.Contains("No change", noChange);
        AssertOutput.Contains("GREETING=from-config", list);
        AssertOutput.Contains("DB_PASSWORD=******** (secret)", list);
        AssertOutput.Contains("\"secret\": true", listJson);
        Assert.Equal(HttpStatusCode.BadRequest, badKey.Status);
        Assert.Contains("PORT is set by the platform", badKey.Body);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, crash.Status);
        Assert.Contains($"Nothing changed: {app}-00003 keeps serving", crash.Body);
        Assert.Contains("crashing with DB_PASSWORD=********", crash.Body);
        Assert.True(secondPush.ExitCode == 0, secondPush.ToString());
        Assert.Equal(HttpStatusCode.OK, unset.Status);
        Assert.Contains($"released {app}-00006", unset.Body);

        // Each step answered: launcher.yaml's env, then the config var over it, the secret, and launcher.yaml's again once unset.
        Assert.True(load.Bodies.GetValueOrDefault("from-yaml no-secret\n") > 0, "revision 1 answered");
        Assert.True(load.Bodies.GetValueOrDefault("from-config no-secret\n") > 0, "revision 2 answered");
        Assert.True(load.Bodies.GetValueOrDefault($"from-config {fingerprint}\n") > 0, "revision 3 (or 5) answered with the secret in its environment");
        Assert.DoesNotContain(load.Bodies.Keys, b => b.StartsWith("unset", StringComparison.Ordinal) || b.StartsWith("still", StringComparison.Ordinal));
        Assert.Equal($"from-yaml {fingerprint}\n", current);
        Assert.DoesNotContain("CRASH", config.Body, StringComparison.Ordinal);
        Assert.Contains("\"key\":\"DB_PASSWORD\",\"value\":null,\"secret\":true", config.Body);

        // launcher releases: what changed, who (the token's user: the owner, "admin", whatever the client claims), the commit.
        AssertOutput.Contains($"deploy {firstCommit[..7]}", releases);
        AssertOutput.Contains("set GREETING", releases);
        AssertOutput.Contains("set DB_PASSWORD", releases);
        AssertOutput.Contains("set CRASH", releases);
        AssertOutput.Contains("unset GREETING", releases);
        AssertOutput.Contains(" admin ", releases);
        AssertOutput.DoesNotContain(Actor, releases);
        AssertOutput.DoesNotContain("api-user@example.com", releases);

        // A push whose app prints its secret as it dies: the pusher sees the app's last output, with the secret masked.
        await repo.WriteAndCommitAsync("launcher.yaml", "kind: App\nenv:\n  GREETING: from-yaml\n  CRASH: \"1\"\n", "crash on start");
        var crashPush = await PushAsync(repo, app);
        Assert.NotEqual(0, crashPush.ExitCode);
        AssertOutput.Contains("crashing with DB_PASSWORD=********", crashPush);

        var dataFiles = Directory.EnumerateFiles(launcher.DataDirectory, "*", SearchOption.AllDirectories).ToList();
        var leaks = _outputs.Where(o => o.Contains(secret, StringComparison.Ordinal)).ToList();
        Assert.True(_outputs.Count >= 15, "every output was collected");
        Assert.True(leaks.Count == 0, "the secret appears in:\n" + string.Join("\n---\n", leaks));
        Assert.Contains($"Config of {app} changed (set DB_PASSWORD) by admin", launcher.LogText);
        Assert.DoesNotContain(secret, launcher.LogText, StringComparison.Ordinal);
        Assert.Contains(dataFiles, f => f.EndsWith("launcher.db", StringComparison.Ordinal));
        Assert.DoesNotContain(dataFiles, f => File.ReadAllText(f).Contains(secret, StringComparison.Ordinal));
    }
}
