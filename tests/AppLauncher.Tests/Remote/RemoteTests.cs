using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AppLauncher.Tests.EndToEnd;
using Xunit.Abstractions;

namespace AppLauncher.Tests.Remote;

/// <summary>
/// End to end: apps connected to a repository on a real Git server (git http-backend on loopback), fetched with
/// LibGit2Sharp, built and released on the real Docker engine; deliveries built and signed as GitHub, GitLab and Gitea send them.
/// </summary>
public sealed class RemoteTests(RemoteServers servers, ITestOutputHelper output) : IClassFixture<RemoteServers>
{
    private const string Zero = "0000000000000000000000000000000000000000";
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(4);
    private LauncherFixture Launcher => servers.Launcher;

    private sealed record Connected(string WebhookSecret, string WebhookUrl, JsonElement Body);

    private async Task<Connected> ConnectAsync(string app, object body)
    {
        using var response = await Launcher.ApiAsync(HttpMethod.Put, $"/api/apps/{app}/remote", body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, json.ToString());
        return new Connected(json.GetProperty("webhookSecret").GetString()!, json.GetProperty("webhookUrl").GetString()!, json);
    }

    private async Task<JsonElement> RemoteAsync(string app)
    {
        using var response = await Launcher.ApiAsync(HttpMethod.Get, $"/api/apps/{app}/remote");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<JsonElement[]> ReleasesAsync(string app)
    {
        using var response = await Launcher.ApiAsync(HttpMethod.Get, $"/api/apps/{app}/releases");
        return response.IsSuccessStatusCode ? [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()] : [];
    }

    private async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await Launcher.Http.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }
    }

    /// <summary>Polls until <paramref name="done"/> holds, or fails with what the app's remote log says.</summary>
    private async Task WaitForAsync(string app, string what, Func<Task<bool>> done)
    {
        var watch = Stopwatch.StartNew();
        while (!await done())
        {
            if (watch.Elapsed > Deadline)
            {
                Assert.Fail($"{what} did not happen within {Deadline}; remote: {await RemoteAsync(app)}");
            }

            await Task.Delay(200);
        }
    }

    private async Task<string?> GetTextAsync(string url)
    {
        try
        {
            using var response = await Launcher.Http.GetAsync(url);
            return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private Task WaitForTextAsync(string app, string url, string text) =>
        WaitForAsync(app, $"{url} answering '{text.Trim()}'", async () => await GetTextAsync(url) == text);

    private async Task WaitForIdleAsync(string app) =>
        await WaitForAsync(app, "the sync finishing", async () => (await RemoteAsync(app)).GetProperty("syncing").GetBoolean() is false);

    [Fact]
    public async Task Connect_ThenSignedGitHubPush_DeploysTheNewCommit_ReplaysAndBadSignaturesChangeNothing()
    {
        var app = Launcher.AppName("remote");
        using var upstream = await Upstream.CreateAsync(servers.Git, app);

        var connected = await ConnectAsync(app, new { repo = upstream.Url });

        Assert.Matches("^[0-9a-f]{64}$", connected.WebhookSecret);
        Assert.Equal($"{Launcher.ControlUrl}/hooks/generic?app={app}", connected.WebhookUrl);
        Assert.Equal($"{Launcher.ControlUrl}/hooks/github", connected.Body.GetProperty("webhookUrls").GetProperty("github").GetString());
        await WaitForTextAsync(app, Launcher.AppUrl(app), "Hello from AppLauncher!\n");
        var first = (await ReleasesAsync(app)).Single();
        Assert.Equal((upstream.Url, "refs/heads/main", await upstream.HeadAsync()), (first.GetProperty("remote").GetString(), first.GetProperty("ref").GetString(), first.GetProperty("commit").GetString()));
        Assert.Contains("AppLauncher: deploying", string.Join("\n", (await RemoteAsync(app)).GetProperty("lastOutput").EnumerateArray()));
        Assert.DoesNotContain("webhookSecret\":\"" + connected.WebhookSecret, (await RemoteAsync(app)).ToString());

        var before = await upstream.HeadAsync();
        await upstream.Work.ReplaceAndCommitAsync("server.js", "Hello from AppLauncher!", "Hello from the remote!", "v2");
        await upstream.PushAsync("main");
        var after = await upstream.HeadAsync();
        var delivery = Guid.NewGuid().ToString();

        // A bad signature and a missing one: 401, and the Git server is not even asked for its refs.
        var fetches = servers.Git.Fetches;
        var bad = await SendAsync(Deliveries.GitHubPush(Launcher.ControlUrl, "not-the-secret", upstream.Url, "refs/heads/main", before, after));
        var missing = await SendAsync(Deliveries.GitHubPush(Launcher.ControlUrl, connected.WebhookSecret, upstream.Url, "refs/heads/main", before, after, signature: ""));
        Assert.Equal(HttpStatusCode.Unauthorized, bad.Status);
        Assert.Contains("X-Hub-Signature-256", bad.Body);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.Status);
        Assert.Equal(fetches, servers.Git.Fetches);

        var watch = Stopwatch.StartNew();
        var accepted = await SendAsync(Deliveries.GitHubPush(Launcher.ControlUrl, connected.WebhookSecret, upstream.Url, "refs/heads/main", before, after, delivery));
        var answered = watch.Elapsed;
        Assert.True(accepted.Status == HttpStatusCode.Accepted, accepted.Body);
        await WaitForTextAsync(app, Launcher.AppUrl(app), "Hello from the remote!\n");
        output.WriteLine($"webhook answered in {answered.TotalMilliseconds:0} ms; delivery to new revision serving: {watch.Elapsed.TotalSeconds:0.0} s (warm build cache)");

        var releases = await ReleasesAsync(app);
        Assert.Equal(2, releases.Length);
        Assert.Equal(after, releases[0].GetProperty("commit").GetString());
        Assert.Equal("remote", releases[0].GetProperty("actor").GetString());

        var replay = await SendAsync(Deliveries.GitHubPush(Launcher.ControlUrl, connected.WebhookSecret, upstream.Url, "refs/heads/main", before, after, delivery));
        Assert.Equal(HttpStatusCode.OK, replay.Status);
        Assert.Contains("already processed", replay.Body);
        await WaitForIdleAsync(app);
        Assert.Equal(2, (await ReleasesAsync(app)).Length);

        var unknown = await SendAsync(Deliveries.GitHubPush(Launcher.ControlUrl, connected.WebhookSecret, servers.Git.UrlOf("nobody-connected-this"), "refs/heads/main", before, after));
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Contains("no app is connected", unknown.Body);
    }

    [Fact]
    public async Task WebhookStorm_HundredDeliveriesForOnePush_BuildsOnce()
    {
        var app = Launcher.AppName("storm");
        using var upstream = await Upstream.CreateAsync(servers.Git, app);
        var connected = await ConnectAsync(app, new { repo = upstream.Url });
        await WaitForTextAsync(app, Launcher.AppUrl(app), "Hello from AppLauncher!\n");
        await WaitForIdleAsync(app);

        var before = await upstream.HeadAsync();
        await upstream.Work.ReplaceAndCommitAsync("server.js", "Hello from AppLauncher!", "Stormy!", "storm");
        await upstream.PushAsync("main");
        var after = await upstream.HeadAsync();
        var answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ =>
            SendAsync(Deliveries.GitHubPush(Launcher.ControlUrl, connected.WebhookSecret, upstream.Url, "refs/heads/main", before, after))));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Accepted, a.Status));
        await WaitForTextAsync(app, Launcher.AppUrl(app), "Stormy!\n");
        await WaitForIdleAsync(app);
        var releases = await ReleasesAsync(app);
        Assert.Equal(2, releases.Length);
        Assert.Equal(after, releases[0].GetProperty("commit").GetString());
    }

    [Fact]
    public async Task TagsAndBranches_TagReleasesWithItsName_BranchPreviews_DeletedBranchAndClosedRequestRemoveTheirPreviews()
    {
        var app = Launcher.AppName("refs");
        using var upstream = await Upstream.CreateAsync(servers.Git, app);
        var connected = await ConnectAsync(app, new { repo = upstream.Url });
        await WaitForTextAsync(app, Launcher.AppUrl(app), "Hello from AppLauncher!\n");
        await WaitForIdleAsync(app);

        // A v* tag on a new commit (the branch not pushed): GitLab's Tag Push Hook releases the app at the tag.
        await upstream.Work.ReplaceAndCommitAsync("server.js", "Hello from AppLauncher!", "Tagged!", "release");
        await upstream.Work.GitAsync("tag", "-a", "v1.0", "-m", "v1.0");
        await upstream.PushAsync("refs/tags/v1.0");
        var tagged = await upstream.HeadAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(Deliveries.GitLabTagPush(Launcher.ControlUrl, connected.WebhookSecret, upstream.Url, "v1.0", tagged))).Status);
        await WaitForTextAsync(app, Launcher.AppUrl(app), "Tagged!\n");
        var release = (await ReleasesAsync(app))[0];
        Assert.Equal(("refs/tags/v1.0", $"deploy v1.0 ({tagged[..7]})", tagged),
            (release.GetProperty("ref").GetString(), release.GetProperty("change").GetString(), release.GetProperty("commit").GetString()));

        // Another branch: a preview at feature-{app}, production untouched; Gitea's push delivery.
        await upstream.Work.GitAsync("checkout", "-q", "-b", "feature");
        await upstream.Work.ReplaceAndCommitAsync("server.js", "Tagged!", "Feature preview!", "feature");
        await upstream.PushAsync("feature");
        var feature = await upstream.HeadAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(Deliveries.GiteaPush(Launcher.ControlUrl, connected.WebhookSecret, upstream.Url, "refs/heads/feature", Zero, feature))).Status);
        var previewUrl = Launcher.AppUrl("feature-" + app);
        await WaitForTextAsync(app, previewUrl, "Feature preview!\n");
        Assert.Equal("Tagged!\n", await GetTextAsync(Launcher.AppUrl(app)));

        // The branch deleted at the remote: the rule removes its preview, the app stays.
        await upstream.PushAsync(":feature");
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(Deliveries.GitHubPush(Launcher.ControlUrl, connected.WebhookSecret, upstream.Url, "refs/heads/feature", feature, Zero))).Status);
        await WaitForAsync(app, "the preview going", async () => await GetTextAsync(previewUrl) != "Feature preview!\n");
        await WaitForIdleAsync(app);
        Assert.Equal("Tagged!\n", await GetTextAsync(Launcher.AppUrl(app)));

        // A pull request's branch previewed, then the request closed (the branch stays): its preview goes and is not rebuilt.
        await upstream.PushAsync("feature:pr-branch");
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(Deliveries.GitHubPush(Launcher.ControlUrl, connected.WebhookSecret, upstream.Url, "refs/heads/pr-branch", Zero, feature))).Status);
        var prUrl = Launcher.AppUrl("pr-branch-" + app);
        await WaitForTextAsync(app, prUrl, "Feature preview!\n");
        await WaitForIdleAsync(app);
        var revisions = (await ReleasesAsync(app)).Length;
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(Deliveries.GitHubPullRequestClosed(Launcher.ControlUrl, connected.WebhookSecret, upstream.Url, "pr-branch", feature))).Status);
        await WaitForAsync(app, "the closed request's preview going", async () => await GetTextAsync(prUrl) != "Feature preview!\n");
        await WaitForIdleAsync(app);
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(Deliveries.GitHubPush(Launcher.ControlUrl, connected.WebhookSecret, upstream.Url, "refs/heads/main", Zero, tagged))).Status);
        await WaitForIdleAsync(app);
        Assert.Equal(revisions, (await ReleasesAsync(app)).Length);
        Assert.NotEqual("Feature preview!\n", await GetTextAsync(prUrl));
    }

    [Fact]
    public async Task RefusedCredentialsAndUnreachableRemote_StatusAndAuditNameTheRemote_RunningRevisionKeepsServing()
    {
        var app = Launcher.AppName("creds");
        using var upstream = await Upstream.CreateAsync(servers.Git, app);
        await ConnectAsync(app, new { repo = upstream.Url, credentials = "token:good-token" });
        await WaitForTextAsync(app, Launcher.AppUrl(app), "Hello from AppLauncher!\n");
        await WaitForIdleAsync(app);
        var running = (await ReleasesAsync(app)).Single().GetProperty("name").GetString();

        try
        {
            // The token is revoked at the server: the next fetch is refused.
            servers.Git.RequiredToken = "another-token";
            await upstream.Work.ReplaceAndCommitAsync("server.js", "Hello from AppLauncher!", "never deployed", "v2");
            await upstream.PushAsync("main");
            using (var sync = await Launcher.ApiAsync(HttpMethod.Post, $"/api/apps/{app}/remote/sync"))
            {
                Assert.Equal(HttpStatusCode.Accepted, sync.StatusCode);
            }

            await WaitForAsync(app, "the fetch failing", async () => (await RemoteAsync(app)).GetProperty("status").GetString() == "failed");
            var remote = await RemoteAsync(app);
            Assert.Contains(upstream.Url, remote.GetProperty("error").GetString());
            Assert.Contains("credentials", remote.GetProperty("error").GetString());
            Assert.Equal("Hello from AppLauncher!\n", await GetTextAsync(Launcher.AppUrl(app)));
            Assert.Equal(running, (await ReleasesAsync(app)).Single().GetProperty("name").GetString());
            using var audit = await Launcher.ApiAsync(HttpMethod.Get, $"/api/audit?app={app}");
            var events = await audit.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains(events.EnumerateArray(), e => e.GetProperty("action").GetString() == "remote fetch" && e.GetProperty("outcome").GetString() == "failed"
                && e.GetProperty("target").GetString() == upstream.Url);
        }
        finally
        {
            servers.Git.RequiredToken = null;
        }

        // A server that is not there at all: the status names the remote; the app is created, nothing released.
        var lost = Launcher.AppName("lost");
        var nowhere = $"http://127.0.0.1:{LoopbackPorts.Free()}/gone.git";
        await ConnectAsync(lost, new { repo = nowhere });
        await WaitForAsync(lost, "the fetch failing", async () => (await RemoteAsync(lost)).GetProperty("status").GetString() == "failed");
        Assert.Contains(nowhere, (await RemoteAsync(lost)).GetProperty("error").GetString());
        Assert.Empty(await ReleasesAsync(lost));
    }

    [Fact]
    public async Task Connect_HostileInput_IsRefusedByName()
    {
        var app = Launcher.AppName("remote-hostile");
        async Task<string> RefusedAsync(object body)
        {
            using var response = await Launcher.ApiAsync(HttpMethod.Put, $"/api/apps/{app}/remote", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }

        Assert.Contains("not loopback", await RefusedAsync(new { repo = "http://example.com/x.git" }));
        Assert.Contains("--credentials", await RefusedAsync(new { repo = "https://u:p@example.com/x.git" }));
        Assert.Contains("token:", await RefusedAsync(new { repo = "https://example.com/x.git", credentials = "hunter2" }));
        Assert.Contains("30s, 5m or 1h", await RefusedAsync(new { repo = "https://example.com/x.git", poll = "often" }));
        Assert.Contains("between 10 s", await RefusedAsync(new { repo = "https://example.com/x.git", poll = "1s" }));
        Assert.Contains("branch name", await RefusedAsync(new { repo = "https://example.com/x.git", branch = "a..b" }));

        using var big = new HttpRequestMessage(HttpMethod.Post, Launcher.ControlUrl + "/hooks/github") { Content = new ByteArrayContent(new byte[2 * 1024 * 1024]) };
        big.Headers.Add("X-GitHub-Event", "push");
        big.Headers.ExpectContinue = true; // refused before the body is sent, as a proxy in front would see it
        var (status, _) = await SendAsync(big);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        var deep = await SendAsync(new HttpRequestMessage(HttpMethod.Post, Launcher.ControlUrl + "/hooks/gitlab")
        {
            Content = new StringContent(new string('[', 100_000) + new string(']', 100_000)),
            Headers = { { "X-Gitlab-Event", "Push Hook" } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, deep.Status);
        Assert.Contains("not JSON", deep.Body);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(new HttpRequestMessage(HttpMethod.Post, Launcher.ControlUrl + "/hooks/bitbucket"))).Status);
        Assert.Equal(HttpStatusCode.OK, (await Launcher.Http.GetAsync(Launcher.ControlUrl + "/healthz")).StatusCode);
    }

    [Fact]
    public async Task Poll_ServerThatSendsNoWebhooks_NewCommitIsDeployed()
    {
        var app = Launcher.AppName("poll");
        using var upstream = await Upstream.CreateAsync(servers.Git, app);
        var connected = await ConnectAsync(app, new { repo = upstream.Url, poll = "10s" });
        Assert.Equal(10, connected.Body.GetProperty("pollSeconds").GetInt32());
        await WaitForTextAsync(app, Launcher.AppUrl(app), "Hello from AppLauncher!\n");
        Assert.True((await RemoteAsync(app)).GetProperty("nextPoll").ValueKind == JsonValueKind.String);

        await upstream.Work.ReplaceAndCommitAsync("server.js", "Hello from AppLauncher!", "Polled!", "v2");
        await upstream.PushAsync("main");

        await WaitForTextAsync(app, Launcher.AppUrl(app), "Polled!\n");
        using var disconnect = await Launcher.ApiAsync(HttpMethod.Delete, $"/api/apps/{app}/remote");
        Assert.Equal(HttpStatusCode.NoContent, disconnect.StatusCode);
        using var gone = await Launcher.ApiAsync(HttpMethod.Get, $"/api/apps/{app}/remote");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task RulesInLauncherYaml_WinOverConnect_TagGlobReleasesAndBranchesAreNotPreviewed()
    {
        var app = Launcher.AppName("refs-yaml");
        using var upstream = await Upstream.CreateAsync(servers.Git, app, "hello-static");
        await upstream.Work.WriteAndCommitAsync("launcher.yaml", "kind: App\nremote:\n  tags: \"release-*\"\n  previews: false\n", "ref rules");
        await upstream.PushAsync("main");
        await ConnectAsync(app, new { repo = upstream.Url });
        await WaitForAsync(app, "the first release", async () => (await ReleasesAsync(app)).Length == 1);
        await WaitForIdleAsync(app);
        Assert.Contains("ref rules from launcher.yaml (remote:): tags release-*, previews off", string.Join("\n", (await RemoteAsync(app)).GetProperty("lastOutput").EnumerateArray()));

        // One new commit on a branch, tagged v2.0 (connect's default glob, not the file's) and release-1 (the file's).
        await upstream.Work.GitAsync("checkout", "-q", "-b", "feature");
        await upstream.Work.WriteAndCommitAsync("public/feature.txt", "feature\n", "feature");
        await upstream.Work.GitAsync("tag", "v2.0");
        await upstream.Work.GitAsync("tag", "release-1");
        await upstream.PushAsync("feature", "refs/tags/v2.0", "refs/tags/release-1");
        using (var sync = await Launcher.ApiAsync(HttpMethod.Post, $"/api/apps/{app}/remote/sync"))
        {
            Assert.Equal(HttpStatusCode.Accepted, sync.StatusCode);
        }

        await WaitForAsync(app, "the release-1 tag releasing", async () => (await ReleasesAsync(app)).Length >= 2);
        await WaitForIdleAsync(app);
        var releases = await ReleasesAsync(app);
        Assert.Equal(["refs/tags/release-1", "refs/heads/main"], releases.Select(r => r.GetProperty("ref").GetString()));
        Assert.All(releases, r => Assert.Equal(JsonValueKind.Null, r.GetProperty("branch").ValueKind));
        Assert.Equal("feature\n", await GetTextAsync(Launcher.AppUrl(app) + "feature.txt"));
    }

    [Fact]
    public async Task Ssh_DeployKey_FetchesOverOpenSsh_TrustsTheHostKeyOnFirstUse_RefusesAnotherKey()
    {
        await using var ssh = new SshServer();
        await ssh.StartAsync();
        var app = Launcher.AppName("remote-ssh");
        using var upstream = await Upstream.CreateAsync(servers.Git, app, "hello-static");
        var url = ssh.UrlOf(upstream.Bare);
        var deployKey = await File.ReadAllTextAsync(ssh.DeployKeyPath);
        var fingerprint = (await ProcessRunner.RunAsync("ssh-keygen", ["-l", "-f", "/dev/stdin"], "/", stdin: ssh.HostKey + "\n")).Output.Split(' ')[1];
        Assert.StartsWith("SHA256:", fingerprint);

        // No host key given: the first fetch trusts the server's and says so; the deploy is a push's.
        await ConnectAsync(app, new { repo = url, deployKey });
        await WaitForAsync(app, "the SSH fetch releasing", async () => (await ReleasesAsync(app)).Length == 1);
        await WaitForIdleAsync(app);
        var first = await RemoteAsync(app);
        Assert.Equal("ok", first.GetProperty("status").GetString());
        var log = string.Join("\n", first.GetProperty("lastOutput").EnumerateArray());
        Assert.Contains($"Trusted the server's host key on first use and pinned it: ssh-ed25519 {fingerprint}", log);
        Assert.Equal((url, await upstream.HeadAsync()), ((await ReleasesAsync(app))[0].GetProperty("remote").GetString(), (await ReleasesAsync(app))[0].GetProperty("commit").GetString()));
        Assert.DoesNotContain("PRIVATE KEY", first.ToString());

        // Pinned from now on: the next fetch checks it (and a new commit deploys).
        await upstream.Work.WriteAndCommitAsync("public/v2.txt", "two\n", "v2");
        await upstream.PushAsync("main");
        using (var sync = await Launcher.ApiAsync(HttpMethod.Post, $"/api/apps/{app}/remote/sync"))
        {
            Assert.Equal(HttpStatusCode.Accepted, sync.StatusCode);
        }

        await WaitForAsync(app, "the second SSH fetch releasing", async () => (await ReleasesAsync(app)).Length == 2);
        await WaitForIdleAsync(app);
        Assert.Contains($"host key pinned: ssh-ed25519 {fingerprint}", string.Join("\n", (await RemoteAsync(app)).GetProperty("lastOutput").EnumerateArray()));

        // Another key pinned (a server that is not the one trusted): refused, nothing fetched, the running revision stays.
        await ConnectAsync(app, new { repo = url, deployKey, hostKey = ssh.OtherHostKey });
        await WaitForAsync(app, "the fetch failing", async () => (await RemoteAsync(app)).GetProperty("status").GetString() == "failed");
        var refused = await RemoteAsync(app);
        Assert.Contains("host key is not the pinned one", refused.GetProperty("error").GetString());
        Assert.Contains(url, refused.GetProperty("error").GetString());
        Assert.Equal(2, (await ReleasesAsync(app)).Length);
        Assert.NotNull(await GetTextAsync(Launcher.AppUrl(app) + "v2.txt"));

        // The deploy key was in a 0600 file for each fetch only.
        Assert.Empty(Directory.GetDirectories(Path.GetTempPath(), "launcher-ssh-*"));

        // Hostile input at connect: a host key that is none, and an ssh remote without a deploy key.
        using var badKey = await Launcher.ApiAsync(HttpMethod.Put, $"/api/apps/{app}/remote", new { repo = url, deployKey, hostKey = "not a key" });
        Assert.Equal(HttpStatusCode.BadRequest, badKey.StatusCode);
        Assert.Contains("one public key line", await badKey.Content.ReadAsStringAsync());
        using var noKey = await Launcher.ApiAsync(HttpMethod.Put, $"/api/apps/{app}/remote", new { repo = url });
        Assert.Equal(HttpStatusCode.BadRequest, noKey.StatusCode);
        Assert.Contains("signs in with a deploy key", await noKey.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Cli_ConnectJsonThenRemoteThenDisconnect_PrintsTheWebhookAndTheFetchError()
    {
        var app = Launcher.AppName("remote-cli");
        var nowhere = $"http://127.0.0.1:{LoopbackPorts.Free()}/cli.git";
        var env = new Dictionary<string, string> { ["LAUNCHER_URL"] = Launcher.ControlUrl, ["LAUNCHER_TOKEN"] = LauncherFixture.Token };
        Task<ProcessRunner.Result> CliAsync(params string[] args) => ProcessRunner.RunAsync(Path.Combine(RepositoryRoot.Path, "scripts", "launcher"), args, RepositoryRoot.Path, env);

        var connect = await CliAsync("apps", "connect", app, "--repo", nowhere, "--credentials", "token:cli-secret-token", "--poll", "1h", "--json");

        Assert.True(connect.ExitCode == 0, connect.ToString());
        var json = JsonDocument.Parse(connect.Output[connect.Output.IndexOf('{')..]).RootElement;
        Assert.Equal($"{Launcher.ControlUrl}/hooks/generic?app={app}", json.GetProperty("webhookUrl").GetString());
        Assert.Matches("^[0-9a-f]{64}$", json.GetProperty("webhookSecret").GetString());
        Assert.DoesNotContain("cli-secret-token", connect.Output);
        await WaitForAsync(app, "the fetch failing", async () => (await RemoteAsync(app)).GetProperty("status").GetString() == "failed");

        var show = await CliAsync("apps", "remote", app);
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Contains("Last fetch failed", show.Output);
        Assert.Contains(nowhere, show.Output);
        Assert.DoesNotContain("cli-secret-token", show.Output);

        // The failure shows in the apps list (API and CLI) and in 'apps info', with the next poll.
        var list = await CliAsync("apps", "--json");
        Assert.True(list.ExitCode == 0, list.ToString());
        var listed = JsonDocument.Parse(list.Output[list.Output.IndexOf('[')..]).RootElement.EnumerateArray().Single(a => a.GetProperty("name").GetString() == app).GetProperty("remote");
        Assert.Equal("failed", listed.GetProperty("status").GetString());
        Assert.Contains(nowhere, listed.GetProperty("error").GetString());
        Assert.Equal(JsonValueKind.String, listed.GetProperty("nextPoll").ValueKind);
        var table = await CliAsync("apps");
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("REMOTE", table.Output);
        var info = await CliAsync("apps", "info", app);
        Assert.True(info.ExitCode == 0, info.ToString());
        Assert.Matches($"Last fetch +failed at [0-9-]+ [0-9:]+Z: .*{System.Text.RegularExpressions.Regex.Escape(nowhere)}", info.Output.Replace("\n", " "));
        Assert.Matches("Next poll +[0-9-]+ [0-9:]+Z", info.Output);
        Assert.DoesNotContain("cli-secret-token", info.Output);

        // The generic hook with the bearer secret queues a fetch; a wrong bearer is refused.
        var generic = new HttpRequestMessage(HttpMethod.Post, json.GetProperty("webhookUrl").GetString());
        generic.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", json.GetProperty("webhookSecret").GetString());
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(generic)).Status);
        var wrong = new HttpRequestMessage(HttpMethod.Post, json.GetProperty("webhookUrl").GetString());
        wrong.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "nope");
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(wrong)).Status);

        var disconnect = await CliAsync("apps", "disconnect", app);
        Assert.True(disconnect.ExitCode == 0, disconnect.ToString());
        var after = new HttpRequestMessage(HttpMethod.Post, json.GetProperty("webhookUrl").GetString());
        after.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", json.GetProperty("webhookSecret").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(after)).Status);
    }
}
