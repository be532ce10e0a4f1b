using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace AppLauncher.Tests.EndToEnd;

/// <summary>
/// The live console of <c>launcher run -i</c> on the real engine: a container running <c>sh</c> that reads lines gets
/// each line while the connection stays open and answers it before the next one is sent; the exit code comes back; a
/// client that drops ends the run and its container.
/// </summary>
[Collection(LauncherCollection.Name)]
public sealed class RunConsoleTests(LauncherFixture launcher, ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    /// <summary>Answers each line until <c>quit</c>, which exits 3; end of input exits 5.</summary>
    private const string Script = "while read line; do [ \"$line\" = quit ] && exit 3; echo \"got $line\"; done; echo bye >&2; exit 5";

    private Task<ProcessRunner.Result> CliAsync(params string[] args) =>
        ProcessRunner.RunAsync(Path.Combine(RepositoryRoot.Path, "scripts", "launcher"), args, RepositoryRoot.Path,
            new Dictionary<string, string> { ["LAUNCHER_URL"] = launcher.ControlUrl, ["LAUNCHER_TOKEN"] = LauncherFixture.Token }, timeout: TimeSpan.FromMinutes(5));

    private Uri ConsoleUri(string app, params string[] command) =>
        new($"ws://localhost:{new Uri(launcher.ControlUrl).Port}/api/apps/{app}/runs/console?{string.Join("&", command.Select(c => "command=" + Uri.EscapeDataString(c)))}");

    private static async Task<ClientWebSocket> ConnectAsync(Uri uri)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", $"Bearer {LauncherFixture.Token}");
        await socket.ConnectAsync(uri, CancellationToken.None);
        return socket;
    }

    private static Task SendAsync(ClientWebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);

    /// <summary>Reads messages until one satisfies <paramref name="done"/> (or the server closes, or the bound passes); returns every message read.</summary>
    private static async Task<List<JsonElement>> ReceiveUntilAsync(ClientWebSocket socket, Func<JsonElement, bool> done)
    {
        using var bound = new CancellationTokenSource(Bound);
        var messages = new List<JsonElement>();
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (socket.State == WebSocketState.Open)
        {
            var received = await socket.ReceiveAsync(buffer, bound.Token);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                break;
            }

            message.Write(buffer, 0, received.Count);
            if (received.EndOfMessage)
            {
                var element = JsonDocument.Parse(message.ToArray()).RootElement.Clone();
                message.SetLength(0);
                messages.Add(element);
                if (done(element))
                {
                    break;
                }
            }
        }

        return messages;
    }

    private static string Stdout(IEnumerable<JsonElement> messages) =>
        string.Concat(messages.Where(m => m.TryGetProperty("stream", out var s) && s.GetString() == "stdout").Select(m => m.GetProperty("text").GetString()));

    private static bool Says(JsonElement message, string text) =>
        message.TryGetProperty("text", out var t) && t.GetString()!.Contains(text, StringComparison.Ordinal);

    private static async Task<string[]> RunContainersAsync(string app) =>
        (await ProcessRunner.RunAsync("docker", ["ps", "-aq", "--filter", $"label=launcher.app={app}", "--filter", "label=launcher.role=run"], "/"))
            .Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public async Task Console_ShReadingLines_AnswersEachLineLiveReturnsExitCodeAndEndsWithTheClient()
    {
        var app = launcher.AppName("console");
        Assert.Equal(0, (await CliAsync("apps", "create", app)).ExitCode);

        // Nothing pushed yet: refused with the reason, before any upgrade.
        var early = await CliAsync("run", "-i", app, "--", "sh");
        Assert.Equal(1, early.ExitCode);
        Assert.Contains("has no revision yet: push it first", early.Output);

        using var repo = await AppRepository.FromSampleAsync("hello-node");
        var push = await repo.PushAsync(launcher.PushUrl(app));
        Assert.True(push.ExitCode == 0, push.ToString());

        // Not a WebSocket: a problem saying what a console is.
        using (var plain = await launcher.ApiAsync(HttpMethod.Get, $"/api/apps/{app}/runs/console?command=sh"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, plain.StatusCode);
            Assert.Contains("WebSocket", await plain.Content.ReadAsStringAsync());
        }

        // Over the socket: each line is answered while the input stays open, before the next is sent.
        var watch = Stopwatch.StartNew();
        using (var socket = await ConnectAsync(ConsoleUri(app, "sh", "-c", Script)))
        {
            var started = await ReceiveUntilAsync(socket, m => m.TryGetProperty("run", out _));
            Assert.Contains(started, m => m.TryGetProperty("run", out _));
            await SendAsync(socket, "hello\n");
            var first = await ReceiveUntilAsync(socket, m => Says(m, "got hello"));
            output.WriteLine($"console: connect to first answer {watch.Elapsed.TotalMilliseconds:0} ms");
            Assert.Contains("got hello", Stdout(first));
            Assert.Single(await RunContainersAsync(app));

            await SendAsync(socket, "world\n");
            Assert.Contains("got world", Stdout(await ReceiveUntilAsync(socket, m => Says(m, "got world"))));

            await SendAsync(socket, "quit\n");
            var end = await ReceiveUntilAsync(socket, m => m.TryGetProperty("exitCode", out _));
            Assert.Equal(3, end.Last().GetProperty("exitCode").GetInt32());
        }

        // Attached runs leave nothing behind.
        await WaitForAsync(async () => (await RunContainersAsync(app)).Length == 0);
        Assert.Empty(await RunContainersAsync(app));

        // The CLI: lines typed (here: written to its standard input one at a time) get their answers while it runs;
        // end of input ends the command, whose exit code the CLI exits with.
        var cli = new ProcessStartInfo(Path.Combine(RepositoryRoot.Path, "scripts", "launcher"))
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "run", "-i", app, "--", "sh", "-c", Script })
        {
            cli.ArgumentList.Add(arg);
        }

        cli.Environment["LAUNCHER_URL"] = launcher.ControlUrl;
        cli.Environment["LAUNCHER_TOKEN"] = LauncherFixture.Token;
        using (var process = Process.Start(cli)!)
        {
            var stdout = new StringBuilder();
            var stderr = new StringBuilder();
            process.OutputDataReceived += (_, e) => { lock (stdout) { stdout.Append(e.Data).Append('\n'); } };
            process.ErrorDataReceived += (_, e) => { lock (stderr) { stderr.Append(e.Data).Append('\n'); } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            string Out() { lock (stdout) { return stdout.ToString(); } }

            await process.StandardInput.WriteAsync("one\n");
            await process.StandardInput.FlushAsync();
            await WaitForAsync(() => Task.FromResult(Out().Contains("got one") || process.HasExited));
            Assert.Contains("got one", Out());
            Assert.DoesNotContain("got two", Out());
            Assert.False(process.HasExited);

            await process.StandardInput.WriteAsync("two\n");
            await process.StandardInput.FlushAsync();
            await WaitForAsync(() => Task.FromResult(Out().Contains("got two") || process.HasExited));
            Assert.Contains("got two", Out());

            process.StandardInput.Close();
            using var bound = new CancellationTokenSource(Bound);
            await process.WaitForExitAsync(bound.Token);
            output.WriteLine($"CLI stdout:\n{Out()}\nstderr:\n{stderr}");
            Assert.Equal(5, process.ExitCode);
            Assert.Contains("bye", stderr.ToString());
        }

        // A client that drops mid-run: the run is ended and its container removed.
        using (var socket = await ConnectAsync(ConsoleUri(app, "sh", "-c", "echo ready; sleep 300")))
        {
            await ReceiveUntilAsync(socket, m => Says(m, "ready"));
            Assert.Single(await RunContainersAsync(app));
            socket.Abort();
        }

        await WaitForAsync(async () => (await RunContainersAsync(app)).Length == 0);
        Assert.Empty(await RunContainersAsync(app));
    }

    private static async Task WaitForAsync(Func<Task<bool>> done)
    {
        var watch = Stopwatch.StartNew();
        while (!await done() && watch.Elapsed < Bound)
        {
            await Task.Delay(200);
        }
    }
}
