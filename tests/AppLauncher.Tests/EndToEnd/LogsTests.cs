using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AppLauncher.Tests.EndToEnd;

/// <summary>
/// Logs that last, against a real server, git and Docker: an app's lines survive scale to zero, a redeploy and a server
/// restart, in order, with their revisions and the secret masked; <c>logs -f</c> waits on an app with no instances and
/// sees the line of the request that starts it; a 10 MB line and binary output are cut and marked; builds keep their logs.
/// </summary>
[Collection(LauncherCollection.Name)]
public sealed class LogsTests(LauncherFixture launcher)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static string Server(string version) =>
        $$"""
        const http = require('http');
        console.log(`{{version}} starting with DB_PASSWORD=${process.env.DB_PASSWORD}`);
        console.error('{{version}} to stderr');
        http.createServer((req, res) => { console.log(`{{version}} request ${req.url}`); res.end('ok\n'); })
          .listen(Number(process.env.PORT || 8080), () => console.log('{{version}} listening'));
        process.on('SIGTERM', () => process.exit(0));

        """;

    [Fact]
    public async Task Logs_ScaleToZeroRedeployAndRestart_EveryLineBackInOrderWithItsRevisionAndTheSecretMasked()
    {
        var secret = "pw-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var app = launcher.AppName("lasting");
        using var repo = await AppRepository.FromSampleAsync("hello-node");
        await repo.WriteAndCommitAsync("server.js", Server("first"), "first");
        Assert.Equal(HttpStatusCode.Created, (await launcher.ApiAsync(HttpMethod.Post, "/api/apps", new { name = app })).StatusCode);
        using (var set = await launcher.ApiAsync(HttpMethod.Patch, $"/api/apps/{app}/config", new { set = new[] { new { key = "DB_PASSWORD", value = secret, secret = true } } }))
        {
            Assert.True(set.IsSuccessStatusCode, await set.Content.ReadAsStringAsync());
        }

        var push = await repo.PushAsync(launcher.PushUrl(app));
        Assert.True(push.ExitCode == 0, push.ToString());
        await WaitForLineAsync(app, "first listening");

        // Scale to zero: the instance (and its container) goes; its lines stay.
        using (var policy = await launcher.ApiAsync(HttpMethod.Put, $"/api/apps/{app}/autoscaling",
            new { min = 0, stableWindowSeconds = 6, scaleToZeroGracePeriodSeconds = 4, pausedTierSeconds = 0, stoppedTierSeconds = 0 }))
        {
            Assert.True(policy.IsSuccessStatusCode, await policy.Content.ReadAsStringAsync());
        }

        await WaitUntilAsync(async () => (await launcher.ContainersAsync(app)).Length == 0, "the app scaled to zero");
        Assert.Contains("first starting with DB_PASSWORD=********", await TextAsync(app));

        // logs -f on an app with no instance: says so, waits, and prints the line of the request that starts it.
        using (var follow = FollowCli(app))
        {
            await follow.WaitForAsync(stderr: true, "no instances running; waiting for new lines");
            await GetOkAsync(launcher.AppUrl(app) + "followed");
            var line = await follow.WaitForAsync(stderr: false, "first request /followed");
            Assert.Matches($@"^\d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\dZ app\[web\.1\] v1: first request /followed$", line);
        }

        // Redeploy, then restart the server while the new instance runs.
        await repo.WriteAndCommitAsync("server.js", Server("second"), "second");
        push = await repo.PushAsync(launcher.PushUrl(app));
        Assert.True(push.ExitCode == 0, push.ToString());
        await WaitForLineAsync(app, "second listening");
        await launcher.RestartAsync();
        await GetOkAsync(launcher.AppUrl(app) + "after-restart");

        await WaitForLineAsync(app, "second request /after-restart");
        var entries = await EntriesAsync(app, "");
        var lines = entries.Select(e => e.GetProperty("line").GetString()!).ToList();
        string[] expected =
        [
            "first starting with DB_PASSWORD=********", "first listening", "first request /followed",
            "second starting with DB_PASSWORD=********", "second listening", "second request /after-restart",
        ];
        var positions = expected.Select(e => lines.IndexOf(e)).ToList();
        Assert.True(positions.All(p => p >= 0), $"missing lines: {string.Join(", ", expected.Where(e => !lines.Contains(e)))}\n{string.Join('\n', lines)}");
        Assert.Equal(positions.Order(), positions);
        Assert.Equal(2, lines.Count(l => l == "first starting with DB_PASSWORD=********")); // the deploy's instance, then the cold start's
        foreach (var line in expected.Skip(2))
        {
            Assert.Single(lines, line); // the restart re-attached to the running container without repeating a line
        }

        Assert.DoesNotContain(entries, e => e.GetRawText().Contains(secret, StringComparison.Ordinal));
        Assert.Equal($"{app}-00001", entries[lines.IndexOf("first listening")].GetProperty("revision").GetString());
        Assert.Equal($"{app}-00002", entries[lines.IndexOf("second listening")].GetProperty("revision").GetString());
        Assert.Equal("stderr", entries.First(e => e.GetProperty("line").GetString() == "first to stderr").GetProperty("stream").GetString());

        // Filters: one revision, since, and a since that is neither form.
        var first = await EntriesAsync(app, $"&revision={app}-00001");
        Assert.Contains(first, e => e.GetProperty("line").GetString() == "first listening");
        Assert.All(first, e => Assert.Equal($"{app}-00001", e.GetProperty("revision").GetString()));
        Assert.Contains(await EntriesAsync(app, "&since=10m"), e => e.GetProperty("line").GetString() == "second request /after-restart");
        Assert.Empty(await EntriesAsync(app, $"&since={DateTimeOffset.UtcNow.AddMinutes(5):yyyy-MM-ddTHH:mm:ssZ}"));
        using (var bad = await launcher.ApiAsync(HttpMethod.Get, $"/api/apps/{app}/logs?since=yesterday"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("since: 'yesterday' is not a duration back from now (30s, 10m, 2h, 7d) or an RFC 3339 time", await bad.Content.ReadAsStringAsync());
        }

        // The CLI's --revision takes the number the text lines show.
        var cli = await CliAsync("logs", app, "--revision", "1", "--tail", "1000");
        Assert.True(cli.ExitCode == 0, cli.ToString());
        Assert.Contains("app[web.1] v1: first listening", cli.Output);
        Assert.DoesNotContain("second", cli.Output);

        // Build logs: both builds listed with their revision and who pushed; each one's log as the pusher saw it, masked.
        using var builds = await launcher.ApiAsync(HttpMethod.Get, $"/api/apps/{app}/builds");
        var list = await builds.Content.ReadFromJsonAsync<JsonElement[]>();
        Assert.Equal(2, list!.Length);
        Assert.Equal([$"{app}-00002", $"{app}-00001"], list.Select(b => b.GetProperty("revision").GetString()));
        Assert.All(list, b => Assert.Equal("succeeded", b.GetProperty("outcome").GetString()));
        Assert.All(list, b => Assert.True(b.GetProperty("durationSeconds").GetDouble() > 0));
        var table = await CliAsync("builds", app);
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains($"{app}-00002", table.Output);
        Assert.Contains("succeeded", table.Output);
        var log = await CliAsync("builds", app, list[1].GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(log.ExitCode == 0, log.ToString());
        Assert.Contains("-----> AppLauncher: deploying", log.Output);
        Assert.Contains($"Released {app}-00001", log.Output);
        Assert.DoesNotContain(secret, log.Output);
        var missing = await CliAsync("builds", app, "999999");
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains($"{app} has no build 999999", missing.Output);
    }

    [Fact]
    public async Task Logs_TenMegabyteLineAndBinaryOutput_CutAndMarkedAndTheStreamGoesOn()
    {
        var app = launcher.AppName("logs-binary");
        using var repo = await AppRepository.FromSampleAsync("hello-node");
        var push = await repo.PushAsync(launcher.PushUrl(app));
        Assert.True(push.ExitCode == 0, push.ToString());

        // The output starts once the collector follows the container (its first line collected shows it is attached), so
        // what this measures is the cutting, not the hand-over from the engine's kept output to the attached stream.
        const string Script = "echo waiting; i=0; while [ ! -e /tmp/go ] && [ $i -lt 1200 ]; do sleep 0.1; i=$((i+1)); done; "
            + "head -c 10485760 /dev/zero | tr '\\0' x; echo; echo after-long; head -c 4096 /dev/urandom; echo; echo after-binary";
        using (var run = await launcher.ApiAsync(HttpMethod.Post, $"/api/apps/{app}/runs", new { command = new[] { "/bin/sh", "-c", Script }, detach = true }))
        {
            Assert.Equal(HttpStatusCode.Accepted, run.StatusCode);
        }

        await WaitForLineAsync(app, "waiting");
        var id = (await ProcessRunner.RunAsync("docker", ["ps", "-q", "--filter", $"label=launcher.app={app}", "--filter", "label=launcher.role=run"], "/")).Output.Trim();
        Assert.Matches("^[0-9a-f]{12}$", id);
        var go = await ProcessRunner.RunAsync("docker", ["exec", id, "touch", "/tmp/go"], "/");
        Assert.True(go.ExitCode == 0, go.ToString());

        await WaitForLineAsync(app, "after-binary");
        var entries = (await EntriesAsync(app, "&process=run")).Select(e => e.GetProperty("line").GetString()!).ToList();

        // Matched on a run of x no random line of the 4 KiB of /dev/urandom below can begin with (one in 256 lines starts with one x).
        var cut = Assert.Single(entries, l => l.StartsWith(new string('x', 64), StringComparison.Ordinal));
        // Kept: the first 16 KiB, then the mark with the size collected: the 10 MiB written, and what the collector read
        // twice where the engine's kept output meets the attached stream (the container writes at full speed then).
        Assert.StartsWith(new string('x', 16 * 1024) + "… [line cut: ", cut);
        var size = long.Parse(System.Text.RegularExpressions.Regex.Match(cut, @"… \[line cut: (\d+) bytes\]$").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(size, 10485760, 10485760 + (1024 * 1024));
        var after = entries.IndexOf("after-long");
        Assert.True(after > entries.IndexOf(cut));
        Assert.True(entries.IndexOf("after-binary") > after);
        Assert.All(entries, l => Assert.True(Encoding.UTF8.GetByteCount(l) <= 16 * 1024 + 64, $"a line of {Encoding.UTF8.GetByteCount(l)} bytes"));
        Assert.All(entries, l => Assert.DoesNotContain(l, c => c < ' ' && c is not '\t' and not '\u001b'));

        // The text form of the same lines still reads line by line.
        var text = await TextAsync(app);
        Assert.Contains("app[run.1] v1: after-long", text);
        Assert.Contains("app[run.1] v1: after-binary", text);
    }

    private async Task<string> TextAsync(string app)
    {
        using var response = await launcher.ApiAsync(HttpMethod.Get, $"/api/apps/{app}/logs?tail=10000");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<List<JsonElement>> EntriesAsync(string app, string query)
    {
        using var response = await launcher.ApiAsync(HttpMethod.Get, $"/api/apps/{app}/logs?tail=10000&format=json{query}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return [.. body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
    }

    /// <summary>A request to the app that gets a 200; a 503 (a cold start that outlasts the hold on a loaded machine) is asked again.</summary>
    private Task GetOkAsync(string url) =>
        WaitUntilAsync(async () =>
        {
            using var response = await launcher.Http.GetAsync(url);
            return response.StatusCode == HttpStatusCode.OK;
        }, $"200 from {url}");

    private async Task WaitForLineAsync(string app, string line) =>
        await WaitUntilAsync(async () => (await EntriesAsync(app, "")).Any(e => e.GetProperty("line").GetString() == line), $"the line '{line}' in the logs of {app}");

    private async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(watch.Elapsed < Deadline, $"no {what} after {Deadline.TotalSeconds} s; the collector said:\n" +
                string.Join('\n', launcher.LogText.Split('\n').Where(l => l.Contains("output of", StringComparison.Ordinal)).TakeLast(40)));
            await Task.Delay(200);
        }
    }

    private Task<ProcessRunner.Result> CliAsync(params string[] args) =>
        ProcessRunner.RunAsync(Path.Combine(RepositoryRoot.Path, "scripts", "launcher"), args, RepositoryRoot.Path,
            new Dictionary<string, string> { ["LAUNCHER_URL"] = launcher.ControlUrl, ["LAUNCHER_TOKEN"] = LauncherFixture.Token }, TimeSpan.FromMinutes(5));

    private FollowedCli FollowCli(string app) => new(app, launcher.ControlUrl);

    /// <summary><c>launcher logs app -f</c> running, its stdout and stderr lines as they come; killed when disposed.</summary>
    private sealed class FollowedCli : IDisposable
    {
        private readonly Process _process;
        private readonly List<(bool Stderr, string Line)> _lines = [];

        public FollowedCli(string app, string url)
        {
            var start = new ProcessStartInfo(Path.Combine(RepositoryRoot.Path, "scripts", "launcher"))
            {
                WorkingDirectory = RepositoryRoot.Path,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var arg in new[] { "logs", app, "-f", "--tail", "0" })
            {
                start.ArgumentList.Add(arg);
            }

            start.Environment["LAUNCHER_URL"] = url;
            start.Environment["LAUNCHER_TOKEN"] = LauncherFixture.Token;
            _process = Process.Start(start)!;
            _process.OutputDataReceived += (_, e) => Add(false, e.Data);
            _process.ErrorDataReceived += (_, e) => Add(true, e.Data);
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        /// <summary>The first line on that stream containing <paramref name="text"/>, once it came (the CLI may build itself first).</summary>
        public async Task<string> WaitForAsync(bool stderr, string text)
        {
            var watch = Stopwatch.StartNew();
            while (true)
            {
                lock (_lines)
                {
                    if (_lines.FirstOrDefault(l => l.Stderr == stderr && l.Line.Contains(text, StringComparison.Ordinal)) is { Line: not null } found)
                    {
                        return found.Line;
                    }

                    Assert.True(watch.Elapsed < TimeSpan.FromMinutes(3) && !_process.HasExited,
                        $"launcher logs -f printed no '{text}' (exited: {_process.HasExited}):\n{string.Join('\n', _lines.Select(l => (l.Stderr ? "err: " : "out: ") + l.Line))}");
                }

                await Task.Delay(100);
            }
        }

        private void Add(bool stderr, string? line)
        {
            if (line is not null)
            {
                lock (_lines)
                {
                    _lines.Add((stderr, line));
                }
            }
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }

            _process.Dispose();
        }
    }
}
