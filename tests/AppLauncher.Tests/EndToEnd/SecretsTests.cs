using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;

namespace AppLauncher.Tests.EndToEnd;

/// <summary>Secrets against a real server, git and Docker: the hook's credential, app logs, and secrets given to the CLI.</summary>
[Collection(LauncherCollection.Name)]
public sealed class SecretsTests(LauncherFixture launcher)
{
    private sealed record SeenProcess(string CommandLine, string Environment, string? HeaderFile, string? Header, UnixFileMode? HeaderMode);

    /// <summary>Every curl calling the hook endpoint for <paramref name="app"/> (other servers may run on this machine) while <paramref name="stop"/> is not cancelled, as any local user's <c>ps</c> would see it.</summary>
    private static async Task<List<SeenProcess>> WatchHookCurlsAsync(string app, CancellationToken stop)
    {
        var seen = new Dictionary<int, SeenProcess>();
        while (!stop.IsCancellationRequested)
        {
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), out var pid) || seen.ContainsKey(pid))
                {
                    continue;
                }

                try
                {
                    var args = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(Path.Combine(dir, "cmdline"), CancellationToken.None)).Split('\0');
                    if (args.Length == 0 || Path.GetFileName(args[0]) != "curl" || !args.Contains($"app={app}"))
                    {
                        continue;
                    }

                    var environment = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(Path.Combine(dir, "environ"), CancellationToken.None)).Replace('\0', '\n');
                    var file = args.FirstOrDefault(a => a.StartsWith('@'))?[1..];
                    string? header = null;
                    UnixFileMode? mode = null;
                    if (file is not null && File.Exists(file))
                    {
                        header = await File.ReadAllTextAsync(file, CancellationToken.None);
                        mode = File.GetUnixFileMode(file);
                    }

                    seen[pid] = new SeenProcess(string.Join(' ', args), environment, file, header, mode);
                }
                catch (IOException)
                {
                    // The process ended while it was read.
                }
                catch (UnauthorizedAccessException)
                {
                }
            }

            await Task.Delay(10, CancellationToken.None);
        }

        return [.. seen.Values];
    }

    private async Task<HttpStatusCode> CallHookAsync(string app, string authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{launcher.ControlUrl}/internal/git/pre-receive?app={app}&commit=0123456789abcdef0123456789abcdef01234567")
        {
            Content = new ByteArrayContent(new byte[10240]),
        };
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        using var response = await launcher.Http.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task Push_HookAuthenticatesWithAOneTimeTokenFromA0600File_NeverInArgvOrEnvironment_AndTheTokenDiesWithThePush()
    {
        var app = launcher.AppName("hook");
        using var repo = await AppRepository.FromSampleAsync("hello-node");

        using var stop = new CancellationTokenSource();
        var watch = Task.Run(() => WatchHookCurlsAsync(app, stop.Token));
        var push = await repo.PushAsync(launcher.PushUrl(app));
        await stop.CancelAsync();
        var curls = await watch;

        Assert.True(push.ExitCode == 0, push.ToString());
        var curl = Assert.Single(curls);
        Assert.DoesNotContain("Bearer", curl.CommandLine);
        Assert.DoesNotContain("Bearer", curl.Environment);
        Assert.NotNull(curl.Header);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, curl.HeaderMode);
        var token = curl.Header!.Trim()["Authorization: Bearer ".Length..];
        Assert.Matches("^[0-9a-f]{64}$", token);
        Assert.DoesNotContain(token, curl.CommandLine);
        Assert.DoesNotContain(token, curl.Environment);
        Assert.False(File.Exists(curl.HeaderFile), "the header file outlived the push");

        // The push is over: its token, a guess, and the admin token all open nothing, and nothing is deployed.
        Assert.Equal(HttpStatusCode.Unauthorized, await CallHookAsync(app, $"Bearer {token}"));
        Assert.Equal(HttpStatusCode.Unauthorized, await CallHookAsync(app, $"Bearer {Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))}"));
        Assert.Equal(HttpStatusCode.Unauthorized, await CallHookAsync(app, $"Bearer {LauncherFixture.Token}"));
        Assert.Equal(HttpStatusCode.Unauthorized, await CallHookAsync(app, ""));
        using var revisions = await launcher.ApiAsync(HttpMethod.Get, $"/api/apps/{app}/revisions");
        Assert.Single((await revisions.Content.ReadFromJsonAsync<System.Text.Json.JsonElement[]>())!);
    }

    [Fact]
    public async Task Logs_AppPrintsItsSecret_TheApiMasksIt()
    {
        var secret = "pw-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var app = launcher.AppName("logs");
        using var repo = await AppRepository.FromSampleAsync("hello-node");
        await repo.WriteAndCommitAsync("server.js",
            """
            const http = require('http');
            // A careless app: it prints its secret at start.
            console.log(`starting with DB_PASSWORD=${process.env.DB_PASSWORD}`);
            http.createServer((req, res) => res.end('ok\n')).listen(Number(process.env.PORT || 8080));

            """, "print the secret");
        Assert.Equal(HttpStatusCode.Created, (await launcher.ApiAsync(HttpMethod.Post, "/api/apps", new { name = app })).StatusCode);
        using var set = await launcher.ApiAsync(HttpMethod.Patch, $"/api/apps/{app}/config", new { set = new[] { new { key = "DB_PASSWORD", value = secret, secret = true } } });
        Assert.True(set.IsSuccessStatusCode, await set.Content.ReadAsStringAsync());
        var push = await repo.PushAsync(launcher.PushUrl(app));
        Assert.True(push.ExitCode == 0, push.ToString());

        using var logs = await launcher.ApiAsync(HttpMethod.Get, $"/api/apps/{app}/logs");
        var text = await logs.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, logs.StatusCode);
        Assert.Contains("starting with DB_PASSWORD=********", text);
        Assert.DoesNotContain(secret, text);
    }

    private Task<ProcessRunner.Result> CliAsync(params string[] args) =>
        ProcessRunner.RunAsync(Path.Combine(RepositoryRoot.Path, "scripts", "launcher"), args, RepositoryRoot.Path,
            new Dictionary<string, string> { ["LAUNCHER_URL"] = launcher.ControlUrl, ["LAUNCHER_TOKEN"] = LauncherFixture.Token }, TimeSpan.FromMinutes(5));

    [Fact]
    public async Task Run_CommandPrintsItsSecret_StreamedAndDetachedOutputMasked()
    {
        var secret = "pw-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var app = launcher.AppName("runsecret");
        using var repo = await AppRepository.FromSampleAsync("hello-node");
        Assert.Equal(HttpStatusCode.Created, (await launcher.ApiAsync(HttpMethod.Post, "/api/apps", new { name = app })).StatusCode);
        using var set = await launcher.ApiAsync(HttpMethod.Patch, $"/api/apps/{app}/config", new { set = new[] { new { key = "DB_PASSWORD", value = secret, secret = true } } });
        Assert.True(set.IsSuccessStatusCode, await set.Content.ReadAsStringAsync());
        var push = await repo.PushAsync(launcher.PushUrl(app));
        Assert.True(push.ExitCode == 0, push.ToString());

        // Whole on stdout and stderr, and split in two writes a second apart (two pieces of output): masked each time.
        const string Careless = "echo \"out=$DB_PASSWORD\"; echo \"err=$DB_PASSWORD\" >&2; printf 'split=%s' \"$(echo $DB_PASSWORD | cut -c1-6)\"; sleep 1; echo \"$(echo $DB_PASSWORD | cut -c7-)\"";
        var run = await CliAsync("run", app, "--", "sh", "-c", Careless);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("out=********", run.Output);
        Assert.Contains("err=********", run.Output);
        Assert.Contains("split=********", run.Output);
        Assert.DoesNotContain(secret, run.Output);
        Assert.DoesNotContain(secret[6..], run.Output);

        var detached = await CliAsync("run", "--detach", app, "--", "sh", "-c", Careless);
        Assert.True(detached.ExitCode == 0, detached.ToString());
        var id = System.Text.RegularExpressions.Regex.Match(detached.Output, @"--run ([0-9a-f]{12})").Groups[1].Value;
        Assert.NotEmpty(id);
        ProcessRunner.Result logs;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        do
        {
            await Task.Delay(250);
            logs = await CliAsync("logs", app, "--run", id);
        }
        while (!logs.Output.Contains("split=") && waited.Elapsed < TimeSpan.FromSeconds(30));
        Assert.Contains("out=********", logs.Output);
        Assert.Contains("split=********", logs.Output);
        Assert.DoesNotContain(secret, logs.Output);
    }

    [Fact]
    public async Task Scale_CrashedInstancePrintedItsSecret_LastOutputMasked()
    {
        var secret = "pw-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var app = launcher.AppName("crashsecret");
        using var repo = await AppRepository.FromSampleAsync("hello-node");
        await repo.WriteAndCommitAsync("server.js",
            """
            const http = require('http');
            // A careless app: it prints its secret as it gives up, a second after it started answering.
            http.createServer((req, res) => res.end('ok\n')).listen(Number(process.env.PORT || 8080), () =>
              setTimeout(() => { console.log(`giving up with DB_PASSWORD=${process.env.DB_PASSWORD}`); process.exit(3); }, 1500));

            """, "print the secret and crash");
        Assert.Equal(HttpStatusCode.Created, (await launcher.ApiAsync(HttpMethod.Post, "/api/apps", new { name = app })).StatusCode);
        using var set = await launcher.ApiAsync(HttpMethod.Patch, $"/api/apps/{app}/config", new { set = new[] { new { key = "DB_PASSWORD", value = secret, secret = true } } });
        Assert.True(set.IsSuccessStatusCode, await set.Content.ReadAsStringAsync());
        await repo.PushAsync(launcher.PushUrl(app));
        using var policy = await launcher.ApiAsync(HttpMethod.Put, $"/api/apps/{app}/autoscaling", new { min = 1, max = 1 });

        string text;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        do
        {
            await Task.Delay(500);
            using var scale = await launcher.ApiAsync(HttpMethod.Get, $"/api/apps/{app}/scale");
            text = await scale.Content.ReadAsStringAsync();
        }
        while (!text.Contains("giving up with") && watch.Elapsed < TimeSpan.FromSeconds(60));
        Assert.Contains("giving up with DB_PASSWORD=********", text);
        Assert.DoesNotContain(secret, text);
    }

    [Fact]
    public async Task ConfigSetSecret_KeyAlone_ReadsTheValueFromStandardInput()
    {
        var secret = "pw-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var app = launcher.AppName("stdin");
        Assert.Equal(HttpStatusCode.Created, (await launcher.ApiAsync(HttpMethod.Post, "/api/apps", new { name = app })).StatusCode);
        Task<ProcessRunner.Result> LauncherAsync(string? stdin, params string[] args) =>
            ProcessRunner.RunAsync(Path.Combine(RepositoryRoot.Path, "scripts", "launcher"), args, RepositoryRoot.Path,
                new Dictionary<string, string> { ["LAUNCHER_URL"] = launcher.ControlUrl, ["LAUNCHER_TOKEN"] = LauncherFixture.Token },
                TimeSpan.FromMinutes(5), stdin);

        var piped = await LauncherAsync(secret + "\n", "config", "set", "--secret", app, "DB_PASSWORD");
        // Set again with the value in argv: no change, so the value read from stdin was exactly the secret.
        var again = await LauncherAsync(null, "config", "set", "--secret", app, $"DB_PASSWORD={secret}");
        var list = await LauncherAsync(null, "config", "list", app);
        var nothingPiped = await LauncherAsync("", "config", "set", "--secret", app, "OTHER");

        Assert.True(piped.ExitCode == 0, piped.ToString());
        Assert.DoesNotContain(secret, piped.Output);
        AssertOutput.Contains("No change", again);
        AssertOutput.Contains("DB_PASSWORD=******** (secret)", list);
        Assert.NotEqual(0, nothingPiped.ExitCode);
        AssertOutput.Contains("no value for OTHER on standard input", nothingPiped);
    }
}
