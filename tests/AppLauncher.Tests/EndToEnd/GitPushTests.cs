using System.Net;
using System.Net.Http.Headers;

namespace AppLauncher.Tests.EndToEnd;

/// <summary>End to end: the real git binary pushes to a real AppLauncher, which builds and runs on the real Docker engine.</summary>
[Collection(LauncherCollection.Name)]
public sealed class GitPushTests(LauncherFixture launcher)
{
    private string PushUrl(string app, string token = LauncherFixture.Token) =>
        $"http://anyone:{token}@localhost:{launcher.Port}/{app}.git";

    [Fact]
    public async Task Push_HelloNodeThenChangeThenBrokenBuild_EachVersionServesAndTheBrokenOneIsRejected()
    {
        var app = launcher.AppName("hello");
        using var repo = await AppRepository.FromSampleAsync("hello-node");

        var first = await repo.PushAsync(PushUrl(app));

        Assert.True(first.ExitCode == 0, first.ToString());
        AssertOutput.Contains("remote: -----> Detected node (package.json, package-lock.json", first);
        AssertOutput.Contains("remote: -----> Building image", first);
        AssertOutput.Contains($"remote:        {launcher.AppUrl(app).TrimEnd('/')} deployed", first);
        Assert.Equal("Hello from AppLauncher!\n", await launcher.Http.GetStringAsync(launcher.AppUrl(app)));

        await repo.ReplaceAndCommitAsync("server.js", "Hello from AppLauncher!", "Hello, second version!", "v2");
        var second = await repo.PushAsync(PushUrl(app));

        Assert.True(second.ExitCode == 0, second.ToString());
        AssertOutput.Contains($"{app}-00002", second);
        Assert.Equal("Hello, second version!\n", await launcher.Http.GetStringAsync(launcher.AppUrl(app)));

        await repo.WriteAndCommitAsync("package.json",
            """{ "name": "broken", "scripts": { "start": "node server.js" }, "dependencies": { "launcher-no-such-package-zz9": "1.0.0" } }""", "broken");
        File.Delete(Path.Combine(repo.Path, "package-lock.json"));
        await repo.GitAsync("commit", "-qam", "no lockfile");
        var broken = await repo.PushAsync(PushUrl(app));

        Assert.NotEqual(0, broken.ExitCode);
        AssertOutput.Contains("pre-receive hook declined", broken);
        AssertOutput.Contains("Build failed at Step", broken);
        AssertOutput.Contains("RUN npm install", broken);
        AssertOutput.Contains("lines of the build:", broken);
        AssertOutput.Contains("launcher-no-such-package-zz9", broken);
        AssertOutput.Contains($"Nothing changed: {app}-00002 keeps serving.", broken);
        AssertOutput.DoesNotContain("\u001b[", broken);
        Assert.Equal("Hello, second version!\n", await launcher.Http.GetStringAsync(launcher.AppUrl(app)));

        var remote = await repo.GitAsync("ls-remote", PushUrl(app), "refs/heads/main");
        var accepted = (await repo.GitAsync("rev-parse", "HEAD~2")).Output.Trim();
        Assert.StartsWith(accepted, remote.Output.Trim());
    }

    [Fact]
    public async Task Push_SecondVersion_OldInstanceIsDrainedAndRemoved()
    {
        var app = launcher.AppName("drain");
        using var repo = await AppRepository.FromSampleAsync("hello-node");
        Assert.Equal(0, (await repo.PushAsync(PushUrl(app))).ExitCode);
        var before = await launcher.ContainersAsync(app);

        await repo.ReplaceAndCommitAsync("server.js", "Hello from AppLauncher!", "v2", "v2");
        Assert.Equal(0, (await repo.PushAsync(PushUrl(app))).ExitCode);

        var after = Array.Empty<string>();
        for (var i = 0; i < 100; i++)
        {
            after = await launcher.ContainersAsync(app);
            if (after.Length == 1 && !before.Contains(after[0]))
            {
                break;
            }

            await Task.Delay(200);
        }

        Assert.Single(before);
        var remaining = Assert.Single(after);
        Assert.DoesNotContain(remaining, before);
    }

    [Fact]
    public async Task Push_WrongToken_RejectedWithNothingStored()
    {
        var app = launcher.AppName("wrongtoken");
        using var repo = await AppRepository.FromSampleAsync("hello-node");

        var result = await repo.PushAsync(PushUrl(app, "not-the-token"));

        Assert.NotEqual(0, result.ExitCode);
        AssertOutput.Contains("Authentication failed", result);
        Assert.False(Directory.Exists(Path.Combine(launcher.DataDirectory, "git", app + ".git")));
        using var request = Authorized(HttpMethod.Get, $"/api/apps/{app}");
        using var response = await launcher.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Push_NoToken_Rejected401()
    {
        var app = launcher.AppName("notoken");
        using var repo = await AppRepository.FromSampleAsync("hello-node");

        var result = await repo.PushAsync($"http://localhost:{launcher.Port}/{app}.git");
        using var response = await launcher.Http.GetAsync($"{launcher.ControlUrl}/{app}.git/info/refs?service=git-receive-pack");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Basic", response.Headers.WwwAuthenticate.ToString());
        Assert.False(Directory.Exists(Path.Combine(launcher.DataDirectory, "git", app + ".git")));
    }

    [Fact]
    public async Task Push_NameNotADnsLabel_RejectedNamingTheRule()
    {
        using var repo = await AppRepository.FromSampleAsync("hello-node");

        var result = await repo.PushAsync(PushUrl("Hello_World"));

        Assert.NotEqual(0, result.ExitCode);
        AssertOutput.Contains("fatal: remote error: cannot push to 'Hello_World'", result);
        AssertOutput.Contains("not a DNS-1123 label", result);
        AssertOutput.Contains("try 'hello-world'", result);
        Assert.False(Directory.Exists(Path.Combine(launcher.DataDirectory, "git", "Hello_World.git")));
    }

    [Fact]
    public async Task Push_AppNeverListensOnPort_DeployFailsAfterTimeoutAndPreviousKeepsServing()
    {
        var app = launcher.AppName("nolisten");
        using var repo = await AppRepository.FromSampleAsync("hello-node");
        Assert.Equal(0, (await repo.PushAsync(PushUrl(app))).ExitCode);

        await repo.WriteAndCommitAsync("server.js", "console.log('busy, not listening'); setInterval(() => {}, 1000);\n", "never listens");
        var result = await repo.PushAsync(PushUrl(app));

        Assert.NotEqual(0, result.ExitCode);
        AssertOutput.Contains("Deploy failed: the app did not answer HTTP on PORT", result);
        AssertOutput.Contains("within 20 s", result);
        AssertOutput.Contains("busy, not listening", result);
        AssertOutput.Contains($"Nothing changed: {app}-00001 keeps serving.", result);
        Assert.Equal("Hello from AppLauncher!\n", await launcher.Http.GetStringAsync(launcher.AppUrl(app)));
        var failedRevision = await ProcessRunner.RunAsync("docker", ["ps", "-aq", "--filter", $"label=launcher.revision={app}-00002"], "/");
        Assert.Equal("", failedRevision.Output.Trim()); // nothing of the revision that never became ready is left
    }

    [Fact]
    public async Task Push_AppCrashesAtStart_FailsFastWithItsOutput()
    {
        var app = launcher.AppName("crash");
        using var repo = await AppRepository.FromSampleAsync("hello-node");
        await repo.WriteAndCommitAsync("server.js", "throw new Error('missing DATABASE_URL');\n", "crash");

        var result = await repo.PushAsync(PushUrl(app));

        Assert.NotEqual(0, result.ExitCode);
        AssertOutput.Contains("the app exited with code 1 before it answered on PORT", result);
        AssertOutput.Contains("missing DATABASE_URL", result);
        AssertOutput.Contains("Nothing was released.", result);
        Assert.Empty(await launcher.ContainersAsync(app));
        using var response = await launcher.Http.GetAsync(launcher.AppUrl(app));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task Push_ProjectWithItsOwnDockerfile_IsBuiltFromIt()
    {
        var app = launcher.AppName("dockerfile");
        using var repo = await AppRepository.FromSampleAsync("hello-dockerfile");

        var result = await repo.PushAsync(PushUrl(app));

        Assert.True(result.ExitCode == 0, result.ToString());
        AssertOutput.Contains("Detected dockerfile (Dockerfile)", result);
        AssertOutput.Contains("ahead of any buildpack", result);
        Assert.Equal("Hello from a Dockerfile!\n", await launcher.Http.GetStringAsync(launcher.AppUrl(app)));
    }

    [Fact]
    public async Task Push_NothingDetected_RejectedNamingWhatToAdd()
    {
        var app = launcher.AppName("nothing");
        using var repo = await AppRepository.FromSampleAsync("hello-node");
        await repo.GitAsync("rm", "-q", "package.json", "package-lock.json", "server.js");
        await repo.WriteAndCommitAsync("README.md", "just docs\n", "no app");

        var result = await repo.PushAsync(PushUrl(app));

        Assert.NotEqual(0, result.ExitCode);
        AssertOutput.Contains("no buildpack matched: looked for Dockerfile (dockerfile); go.mod (go)", result);
        AssertOutput.Contains("package.json, server.js or a Procfile 'web: node …' (node)", result);
        AssertOutput.Contains("launcher.yaml with 'kind: App'", result);
    }

    [Fact]
    public async Task Api_AfterDeploy_ListsAppWithUrlAndStateAndServesItsLogs()
    {
        var app = launcher.AppName("api");
        using var repo = await AppRepository.FromSampleAsync("hello-node");
        Assert.Equal(0, (await repo.PushAsync(PushUrl(app))).ExitCode);

        using var list = Authorized(HttpMethod.Get, "/api/apps");
        var apps = await (await launcher.Http.SendAsync(list)).Content.ReadAsStringAsync();
        using var logsRequest = Authorized(HttpMethod.Get, $"/api/apps/{app}/logs");
        var logs = await (await launcher.Http.SendAsync(logsRequest)).Content.ReadAsStringAsync();
        using var unauthorized = await launcher.Http.GetAsync($"{launcher.ControlUrl}/api/apps");

        Assert.Contains($"\"name\":\"{app}\"", apps);
        Assert.Contains($"\"url\":\"{launcher.AppUrl(app).TrimEnd('/')}\"", apps);
        Assert.Contains($"\"revision\":\"{app}-00001\"", apps);
        Assert.Matches($"\"name\":\"{app}\",[^}}]*\"state\":\"running\"", apps);
        Assert.Contains("hello-node listening on 8080", logs);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
    }

    [Fact]
    public async Task Proxy_HostWithNoApp_Gets404PageThatSaysSo()
    {
        var app = launcher.AppName("ghost");

        using var response = await launcher.Http.GetAsync(launcher.AppUrl(app));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains($"No app is deployed at <b>{app}.localhost:{launcher.Port}</b>", body);
        Assert.Contains($"/{app}.git main", body);
    }

    private HttpRequestMessage Authorized(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, launcher.ControlUrl + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", LauncherFixture.Token);
        return request;
    }
}
