using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AppLauncher.Tests.EndToEnd;

namespace AppLauncher.Tests.Observability;

/// <summary>
/// <c>GET /metrics</c> scraped by a real Prometheus: after a push, a scale to zero and a known mix of requests (one of
/// them a cold start), Prometheus's own query API has the proxy, autoscaler and delivery series of the app with the
/// counts and labels the requests make; and the endpoint shows each caller only what their token may see.
/// </summary>
[Collection(LauncherCollection.Name)]
public sealed class PrometheusScrapeTests(LauncherFixture launcher)
{
    private const string Body = "counted\n";

    /// <summary>Answers <see cref="Body"/> with a Content-Length, and 500 on <c>/fail</c>.</summary>
    private const string Server =
        """
        const http = require('http');
        const port = Number(process.env.PORT || 8080);
        http.createServer((req, res) => {
          req.resume();
          req.on('end', () => {
            const body = 'counted\n';
            res.writeHead(req.url === '/fail' ? 500 : 200, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(body) });
            res.end(body);
          });
        }).listen(port);
        process.on('SIGTERM', () => process.exit(0));
        """;

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(90) };

    [Fact]
    public async Task Scrape_AfterKnownRequestsAndAColdStart_PrometheusHasTheAppsSeriesWithTheirCountsAndLabels()
    {
        await using var prometheus = await PrometheusServer.StartAsync($"127.0.0.1:{launcher.Port}", LauncherFixture.Token);
        var app = launcher.AppName("prom");
        var revision = app + "-00001";
        using var repo = await AppRepository.FromSampleAsync("hello-node");
        await repo.WriteAndCommitAsync("server.js", Server, "counting server");
        var push = await repo.PushAsync(launcher.PushUrl(app));
        Assert.True(push.ExitCode == 0, push.ToString());
        using (var policy = await launcher.ApiAsync(HttpMethod.Put, $"/api/apps/{app}/autoscaling", new
        {
            min = 0, stableWindowSeconds = 6, scaleToZeroGracePeriodSeconds = 4, pausedTierSeconds = 0, stoppedTierSeconds = 0,
        }))
        {
            Assert.True(policy.IsSuccessStatusCode, await policy.Content.ReadAsStringAsync());
        }

        // Prometheus scrapes with the token: the target is up, and the autoscaler's gauge shows the app going to zero.
        await prometheus.WaitForAsync("up{job=\"launcher\"}", r => r.Count == 1 && r[0].Value == 1, Deadline);
        await prometheus.WaitForAsync($"launcher_autoscaler_ready_instances{{app=\"{app}\"}}", r => r.Count == 1 && r[0].Value == 0, Deadline);
        await WaitForNoContainersAsync(app);

        // 10 requests: a cold start, 5 more GETs and 2 POSTs answered 200, 2 GETs answered 500.
        using (var cold = await _http.GetAsync(launcher.AppUrl(app)))
        {
            Assert.Equal(HttpStatusCode.OK, cold.StatusCode);
            Assert.Equal("true", cold.Headers.GetValues("X-Launcher-Cold-Start").Single());
        }

        for (var i = 0; i < 5; i++)
        {
            using var ok = await _http.GetAsync(launcher.AppUrl(app));
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        for (var i = 0; i < 2; i++)
        {
            using var posted = await _http.PostAsync(launcher.AppUrl(app), new StringContent("0123456789"));
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        }

        for (var i = 0; i < 2; i++)
        {
            using var failed = await _http.GetAsync(launcher.AppUrl(app) + "fail");
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        }

        var requests = await prometheus.WaitForAsync($"launcher_proxy_requests_total{{app=\"{app}\"}}",
            r => r.Sum(s => s.Value) == 10, Deadline);
        Assert.All(requests, s => Assert.Equal(revision, s.Labels["revision"]));
        Assert.Equal(6, Count(requests, "GET", "2xx"));
        Assert.Equal(2, Count(requests, "POST", "2xx"));
        Assert.Equal(2, Count(requests, "GET", "5xx"));
        Assert.Equal(3, requests.Count);

        var durations = await prometheus.WaitForAsync($"http_server_request_duration_seconds_count{{app=\"{app}\"}}", r => r.Sum(s => s.Value) == 10, Deadline);
        Assert.Equal(2, durations.Single(s => s.Labels["http_response_status_code"] == "500").Value);
        Assert.Equal(6, durations.Single(s => s.Labels["http_response_status_code"] == "200" && s.Labels["http_request_method"] == "GET").Value);
        var coldStarts = await prometheus.WaitForAsync($"launcher_coldstart_duration_seconds_count{{app=\"{app}\"}}", r => r.Count == 1, Deadline);
        Assert.Equal(1, coldStarts[0].Value);
        Assert.Equal("created", coldStarts[0].Labels["tier"]);
        Assert.Equal(revision, coldStarts[0].Labels["revision"]);

        await prometheus.WaitForAsync($"launcher_proxy_response_bytes_total{{app=\"{app}\"}}", r => r.Count == 1 && r[0].Value == 10 * Body.Length, Deadline);
        await prometheus.WaitForAsync($"launcher_proxy_request_bytes_total{{app=\"{app}\"}}", r => r.Count == 1 && r[0].Value == 2 * 10, Deadline);
        await prometheus.WaitForAsync($"launcher_build_duration_seconds_count{{app=\"{app}\",buildpack=\"node\",outcome=\"succeeded\"}}", r => r.Count == 1 && r[0].Value == 1, Deadline);
        await prometheus.WaitForAsync($"launcher_deploy_duration_seconds_count{{app=\"{app}\",outcome=\"succeeded\",revision=\"{revision}\"}}", r => r.Count == 1 && r[0].Value == 1, Deadline);
        await prometheus.WaitForAsync($"launcher_releases_total{{app=\"{app}\",reason=\"deploy\",revision=\"{revision}\"}}", r => r.Count == 1 && r[0].Value == 1, Deadline);
        await prometheus.WaitForAsync($"launcher_autoscaler_ready_instances{{app=\"{app}\",revision=\"{revision}\"}}", r => r.Count == 1 && r[0].Value == 1, Deadline);
        await prometheus.WaitForAsync($"launcher_autoscaler_observed{{app=\"{app}\",metric=\"rps\"}}", r => r.Count == 1, Deadline);
        await prometheus.WaitForAsync("process_cpu_time_seconds_total", r => r.Count > 0 && r.All(s => s.Value > 0), Deadline);
    }

    [Fact]
    public async Task Metrics_EachToken_SeesOnlyWhatItMay()
    {
        var owner = LauncherFixture.Token;
        var app = launcher.AppName("scope");
        using var repo = await AppRepository.FromSampleAsync("hello-node");
        var push = await repo.PushAsync(launcher.PushUrl(app));
        Assert.True(push.ExitCode == 0, push.ToString());
        using (var hit = await _http.GetAsync(launcher.AppUrl(app)))
        {
            Assert.Equal(HttpStatusCode.OK, hit.StatusCode);
        }

        // The app is in the owner's default team 'apps': a viewer there sees it, a member of another team does not.
        var otherTeam = launcher.Prefix + "-obs";
        await CallAsync(HttpMethod.Post, "/api/teams", owner, new { name = otherTeam }, HttpStatusCode.Created);
        await CallAsync(HttpMethod.Put, $"/api/teams/apps/members/viewer-{launcher.Prefix}", owner, new { role = "viewer" }, HttpStatusCode.OK);
        await CallAsync(HttpMethod.Put, $"/api/teams/{otherTeam}/members/outsider-{launcher.Prefix}", owner, new { role = "admin" }, HttpStatusCode.OK);
        var viewer = (await CallAsync(HttpMethod.Post, "/api/tokens", owner, new { name = "metrics", user = $"viewer-{launcher.Prefix}" }, HttpStatusCode.Created)).GetProperty("token").GetString()!;
        var outsider = (await CallAsync(HttpMethod.Post, "/api/tokens", owner, new { name = "metrics", user = $"outsider-{launcher.Prefix}" }, HttpStatusCode.Created)).GetProperty("token").GetString()!;

        using (var anonymous = await _http.GetAsync(launcher.ControlUrl + "/metrics"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        var series = $"app=\"{app}\"";
        var all = await ScrapeAsync(owner);
        Assert.Contains(series, all);
        Assert.Contains("\nprocess_cpu_time_seconds_total{", all);

        var viewed = await ScrapeAsync(viewer);
        Assert.Contains(series, viewed);
        Assert.Contains("# TYPE launcher_proxy_requests_total counter", viewed);
        Assert.DoesNotContain("\nprocess_cpu_time_seconds_total{", viewed);
        Assert.DoesNotContain("\ndotnet_gc_collections_total{", viewed);

        var outside = await ScrapeAsync(outsider);
        Assert.DoesNotContain(series, outside);
        Assert.DoesNotContain("\nprocess_cpu_time_seconds_total{", outside);
    }

    private static double Count(IReadOnlyList<(Dictionary<string, string> Labels, double Value)> samples, string method, string statusClass) =>
        samples.Single(s => s.Labels["http_request_method"] == method && s.Labels["status_class"] == statusClass).Value;

    private async Task<string> ScrapeAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, launcher.ControlUrl + "/metrics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {text}");
        return text;
    }

    private async Task<JsonElement> CallAsync(HttpMethod method, string path, string token, object? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, launcher.ControlUrl + path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task WaitForNoContainersAsync(string app)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while ((await launcher.ContainersAsync(app)).Length > 0)
        {
            Assert.True(watch.Elapsed < Deadline, $"{app} still has containers after {Deadline.TotalSeconds} s");
            await Task.Delay(250);
        }
    }
}
