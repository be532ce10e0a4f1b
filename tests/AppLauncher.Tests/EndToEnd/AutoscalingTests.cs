using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Xunit.Abstractions;

namespace AppLauncher.Tests.EndToEnd;

/// <summary>Scale from zero, to zero, out and in, on the real Docker engine through the real proxy.</summary>
[Collection(LauncherCollection.Name)]
public sealed class AutoscalingTests(LauncherFixture launcher, ITestOutputHelper output)
{
    /// <summary>Answers with its container's host name (one per instance) after <c>?delay=</c> milliseconds.</summary>
    private const string WhoAmI =
        """
        const http = require('http');
        const os = require('os');
        const port = Number(process.env.PORT || 8080);
        http.createServer((req, res) => {
          const delay = Number(new URL(req.url, 'http://x').searchParams.get('delay') || 0);
          setTimeout(() => { res.writeHead(200, { 'Content-Type': 'text/plain' }); res.end(os.hostname() + '\n'); }, delay);
        }).listen(port, () => console.log('whoami listening on ' + port));
        process.on('SIGTERM', () => process.exit(0));
        """;

    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 1000, PooledConnectionLifetime = TimeSpan.FromSeconds(1) }) { Timeout = TimeSpan.FromSeconds(90) };

    private async Task<string> DeployAsync(string name, object policy)
    {
        var app = launcher.AppName(name);
        using var repo = await AppRepository.FromSampleAsync("hello-node");
        await repo.WriteAndCommitAsync("server.js", WhoAmI, "whoami");
        var push = await repo.PushAsync($"http://x:{LauncherFixture.Token}@localhost:{launcher.Port}/{app}.git");
        Assert.True(push.ExitCode == 0, push.ToString());
        using var request = new HttpRequestMessage(HttpMethod.Put, $"{launcher.ControlUrl}/api/apps/{app}/autoscaling") { Content = JsonContent.Create(policy) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", LauncherFixture.Token);
        using var response = await _http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return app;
    }

    /// <summary>Waits until the app has exactly <paramref name="count"/> running (unpaused) containers.</summary>
    private async Task WaitForServingAsync(string app, int count, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        int seen;
        do
        {
            seen = (await ServingAsync(app)).Length;
            if (seen == count)
            {
                return;
            }

            await Task.Delay(250);
        }
        while (watch.Elapsed < timeout);
        Assert.Fail($"{app} has {seen} serving instances after {timeout.TotalSeconds} s, expected {count}");
    }

    private static async Task<string[]> ServingAsync(string app)
    {
        var result = await ProcessRunner.RunAsync("docker", ["ps", "--filter", $"label=launcher.app={app}", "--filter", "status=running", "--format", "{{.ID}}"], "/");
        return result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private async Task<HttpResponseMessage[]> BurstAsync(string app, int count, int delayMs) =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(_ => _http.GetAsync($"{launcher.AppUrl(app)}?delay={delayMs}")));

    [Fact]
    public async Task ScaleFromZero_HundredConcurrentRequests_AllSucceedAndExactlyThePolicysInstancesStart()
    {
        var app = await DeployAsync("burst", new
        {
            min = 0, max = 3, target = 10, targetUtilizationPercent = 100, stableWindowSeconds = 6,
            scaleToZeroGracePeriodSeconds = 4, pausedTierSeconds = 0, stoppedTierSeconds = 0,
        });
        await WaitForServingAsync(app, 0, TimeSpan.FromSeconds(40)); // no traffic for the grace period → zero

        var responses = await BurstAsync(app, 100, delayMs: 300);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Contains(responses, r => r.Headers.TryGetValues("X-Launcher-Cold-Start", out var v) && v.Single() == "true");
        // 100 concurrent / 10 per instance asks for 10; max is 3. The burst can end (on the first instance) before the
        // other two have started on a busy machine: wait for them, then the count must be exactly the policy's max.
        await WaitForServingAsync(app, 3, TimeSpan.FromSeconds(30));
        var serving = await ServingAsync(app);
        Assert.True(serving.Length <= 3, $"{serving.Length} instances serve; max is 3");

        // Each answer is the host name of the container that gave it (Docker's default: its short ID): every one
        // must come from the instances the policy started, not from an instance that is gone or from anything else.
        var answeredBy = (await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()))).Select(b => b.Trim()).Distinct().ToList();
        output.WriteLine($"the burst was answered by {answeredBy.Count} of the {serving.Length} instances: {string.Join(", ", answeredBy)}");
        Assert.All(answeredBy, host => Assert.Contains(host, serving));
    }

    [Fact]
    public async Task Idle_AfterTheGracePeriod_ScalesToZeroAndTheNextRequestBringsItBack()
    {
        var app = await DeployAsync("idle", new { min = 0, stableWindowSeconds = 6, scaleToZeroGracePeriodSeconds = 4, pausedTierSeconds = 0, stoppedTierSeconds = 0 });

        await WaitForServingAsync(app, 0, TimeSpan.FromSeconds(40));
        using var response = await _http.GetAsync(launcher.AppUrl(app));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("true", response.Headers.GetValues("X-Launcher-Cold-Start").Single());
        Assert.Single(await ServingAsync(app));
    }

    [Fact]
    public async Task SustainedLoadAboveTarget_ScalesOutThenBackIn()
    {
        var app = await DeployAsync("sustained", new { min = 1, max = 3, target = 2, targetUtilizationPercent = 100, stableWindowSeconds = 6, pausedTierSeconds = 0, stoppedTierSeconds = 0 });
        await WaitForServingAsync(app, 1, TimeSpan.FromSeconds(10));

        // About 6 requests in flight for 12 s: 6 / 2 per instance → 3 instances.
        var load = Stopwatch.StartNew();
        var peak = 0;
        var workers = Enumerable.Range(0, 6).Select(async _ =>
        {
            while (load.Elapsed < TimeSpan.FromSeconds(12))
            {
                using var r = await _http.GetAsync($"{launcher.AppUrl(app)}?delay=200");
                Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            }
        }).ToList();
        while (load.Elapsed < TimeSpan.FromSeconds(12))
        {
            peak = Math.Max(peak, (await ServingAsync(app)).Length);
            await Task.Delay(500);
        }

        await Task.WhenAll(workers);

        Assert.Equal(3, peak);
        await WaitForServingAsync(app, 1, TimeSpan.FromSeconds(40)); // back to the minimum once the load is gone
    }

    [Fact]
    public async Task Overflow_MoreHeldRequestsThanTheBound_ExcessGetsAQuick503AndTheRestSucceed()
    {
        var app = await DeployAsync("overflow", new
        {
            min = 0, max = 1, maxHeldRequests = 5, stableWindowSeconds = 6, scaleToZeroGracePeriodSeconds = 4,
            pausedTierSeconds = 0, stoppedTierSeconds = 0,
        });
        await WaitForServingAsync(app, 0, TimeSpan.FromSeconds(40));

        var watch = Stopwatch.StartNew();
        var timed = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            var response = await _http.GetAsync(launcher.AppUrl(app));
            return (Response: response, Elapsed: watch.Elapsed);
        }));

        var rejected = timed.Where(t => t.Response.StatusCode == HttpStatusCode.ServiceUnavailable).ToList();
        var served = timed.Where(t => t.Response.StatusCode == HttpStatusCode.OK).ToList();
        Assert.Equal(15, rejected.Count);
        Assert.Equal(5, served.Count);
        Assert.All(rejected, t => Assert.Equal("1", t.Response.Headers.GetValues("Retry-After").Single()));
        Assert.Contains("already holds the most requests", await rejected[0].Response.Content.ReadAsStringAsync());
        Assert.True(rejected.Max(t => t.Elapsed) < served.Min(t => t.Elapsed), "the excess is answered before the held requests are served");
    }

    [Fact]
    public async Task PausedTier_IdleInstanceIsPausedAndResumedOnTheNextRequest()
    {
        var app = await DeployAsync("paused", new { min = 0, stableWindowSeconds = 6, scaleToZeroGracePeriodSeconds = 4, pausedTierSeconds = 300 });
        var first = await (await _http.GetAsync(launcher.AppUrl(app))).Content.ReadAsStringAsync();

        await WaitForServingAsync(app, 0, TimeSpan.FromSeconds(40));
        var state = await ProcessRunner.RunAsync("docker", ["ps", "-a", "--filter", $"label=launcher.app={app}", "--format", "{{.Status}}"], "/");
        using var response = await _http.GetAsync(launcher.AppUrl(app));
        var second = await response.Content.ReadAsStringAsync();

        Assert.Contains("(Paused)", state.Output);
        Assert.Equal("true", response.Headers.GetValues("X-Launcher-Cold-Start").Single());
        Assert.Equal(first, second); // the same container came back
    }
}
