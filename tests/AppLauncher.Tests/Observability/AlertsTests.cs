using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AppLauncher.Core.Config;
using AppLauncher.Tests.EndToEnd;

namespace AppLauncher.Tests.Observability;

/// <summary>The server with alert rules in its configuration, posting to a real receiver on loopback (and to one that is down).</summary>
public sealed class AlertsFixture : IAsyncLifetime
{
    public AlertsFixture()
    {
        // A port nobody listens on: every attempt is refused.
        DownUrl = $"http://127.0.0.1:{LoopbackPorts.Free()}/hook";
        Launcher = new LauncherFixture
        {
            Configure = config => config.Alerts = new AlertsConfig
            {
                EvaluationIntervalSeconds = 1,
                MaxAttempts = 3,
                WebhookTimeoutSeconds = 2,
                Rules =
                [
                    new AlertRuleConfig { Name = "errors", Rule = "5xx-rate>=50% for 2s", Webhook = Receiver.Url, RepeatSeconds = 0 },
                    new AlertRuleConfig { Name = "deploys", Rule = "event deploy-failed", Webhook = Receiver.Url },
                    new AlertRuleConfig { Name = "deploys-down", Rule = "event deploy-failed", Webhook = DownUrl },
                ],
            },
        };
    }

    public WebhookReceiver Receiver { get; } = new();

    public string DownUrl { get; }

    public LauncherFixture Launcher { get; }

    public Task InitializeAsync() => Launcher.InitializeAsync();

    public async Task DisposeAsync()
    {
        await Launcher.DisposeAsync();
        Receiver.Dispose();
    }
}

/// <summary>
/// Alert rules end to end, real git, Docker and HTTP: a pushed app that answers 500 fires the 5xx-rate rule and
/// resolves it when the errors stop; a failed deploy fires the event rule; a webhook that is down is retried and the
/// history says it failed.
/// </summary>
public sealed class AlertsTests(AlertsFixture fixture) : IClassFixture<AlertsFixture>
{
    private const string Server =
        """
        const http = require('http');
        http.createServer((req, res) => {
          res.writeHead(req.url === '/fail' ? 500 : 200, { 'Content-Type': 'text/plain' });
          res.end('ok\n');
        }).listen(Number(process.env.PORT || 8080));
        process.on('SIGTERM', () => process.exit(0));
        """;

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private LauncherFixture Launcher => fixture.Launcher;

    [Fact]
    public async Task ErrorRateRule_AppAnswering500_FiresThenResolvesWhenTheErrorsStop()
    {
        var app = Launcher.AppName("fails");
        using var repo = await AppRepository.FromSampleAsync("hello-node");
        await repo.WriteAndCommitAsync("server.js", Server, "answers 500 on /fail");
        var push = await repo.PushAsync(Launcher.PushUrl(app));
        Assert.True(push.ExitCode == 0, push.ToString());

        var firing = await fixture.Receiver.WaitForAsync(
            n => Is(n, "errors", app, "firing"), Deadline,
            async () =>
            {
                using var failed = await _http.GetAsync(Launcher.AppUrl(app) + "fail");
                Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
                await Task.Delay(50);
            });
        Assert.Equal("5xx-rate>=50% for 2s", firing.GetProperty("condition").GetString());
        Assert.Equal(100, firing.GetProperty("value").GetDouble());
        Assert.StartsWith($"[FIRING] errors on {app}: ", firing.GetProperty("text").GetString());

        // No more errors: the next evaluation without 5xx resolves it, once.
        var resolved = await fixture.Receiver.WaitForAsync(n => Is(n, "errors", app, "resolved"), Deadline);
        Assert.StartsWith($"[RESOLVED] errors on {app}: ", resolved.GetProperty("text").GetString());
        Assert.Single(fixture.Receiver.Received, n => Is(n, "errors", app, "firing"));

        var history = await HistoryAsync(app);
        Assert.Contains(history, h => h.GetProperty("rule").GetString() == "errors" && h.GetProperty("status").GetString() == "firing" && h.GetProperty("delivery").GetString() == "delivered");
        Assert.Contains(history, h => h.GetProperty("rule").GetString() == "errors" && h.GetProperty("status").GetString() == "resolved" && h.GetProperty("delivery").GetString() == "delivered");
    }

    [Fact]
    public async Task DeployFailedRule_BuildThatFails_NotifiesTheReceiver_AndAWebhookThatIsDownEndsFailedInTheHistory()
    {
        var app = Launcher.AppName("nobuild");
        using var repo = await AppRepository.FromSampleAsync("hello-node");
        await repo.GitAsync("rm", "-q", "server.js", "package.json");
        await repo.WriteAndCommitAsync("README.md", "nothing to build here\n", "nothing to build");
        var push = await repo.PushAsync(Launcher.PushUrl(app));
        Assert.NotEqual(0, push.ExitCode);

        var notice = await fixture.Receiver.WaitForAsync(n => Is(n, "deploys", app, "firing"), Deadline);
        Assert.Equal("event deploy-failed", notice.GetProperty("condition").GetString());
        Assert.Contains($"the deploy of {app}", notice.GetProperty("message").GetString());

        // The receiver that is down: 3 attempts (1 s, then 2 s apart), then failed, with the reason.
        var watch = System.Diagnostics.Stopwatch.StartNew();
        JsonElement down;
        do
        {
            down = (await HistoryAsync(app)).FirstOrDefault(h => h.GetProperty("rule").GetString() == "deploys-down");
            if (down.ValueKind == JsonValueKind.Object && down.GetProperty("delivery").GetString() == "failed")
            {
                break;
            }

            await Task.Delay(250);
        }
        while (watch.Elapsed < Deadline);

        Assert.True(down.ValueKind == JsonValueKind.Object, "no history entry for the rule whose webhook is down");
        Assert.Equal("failed", down.GetProperty("delivery").GetString());
        Assert.Equal(3, down.GetProperty("attempts").GetInt32());
        Assert.Contains(new Uri(fixture.DownUrl).Authority, down.GetProperty("error").GetString());
        Assert.DoesNotContain("/hook", down.GetProperty("webhook").GetString());
    }

    private static bool Is(JsonElement n, string rule, string app, string status) =>
        n.GetProperty("rule").GetString() == rule && n.GetProperty("app").GetString() == app && n.GetProperty("status").GetString() == status;

    private async Task<JsonElement[]> HistoryAsync(string app)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Launcher.ControlUrl}/api/alerts/history?app={app}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", LauncherFixture.Token);
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return [.. JsonDocument.Parse(text).RootElement.EnumerateArray().Select(e => e.Clone())];
    }
}
