using System.Diagnostics;
using System.Text.Json.Nodes;
using AppLauncher.Core.Config;
using AppLauncher.Runtime;
using AppLauncher.Testing;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;

namespace AppLauncher.Tests.Kubernetes;

/// <summary>
/// Release commands and one-off runs as Jobs on the Kubernetes runtime, against <see cref="KubernetesApiStandIn"/>, where
/// each test plays the Job controller and the kubelet (the pod, its log, its end); every Job the runtime applies is
/// checked against the Kubernetes schema, and so are the pod and Job statuses the stand-in writes.
/// </summary>
public sealed class KubernetesJobsStandInTests : IAsyncLifetime
{
    private const string Jobs = "/apis/batch/v1/namespaces/apps/jobs";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private KubernetesApiStandIn _server = null!;
    private IKubernetes _client = null!;
    private KubernetesRuntime _runtime = null!;

    public async Task InitializeAsync()
    {
        _server = await KubernetesApiStandIn.StartAsync();
        _client = _server.Connect();
        var config = new PlatformConfig { Runtime = new RuntimeConfig { Kind = "kubernetes" } };
        _runtime = new KubernetesRuntime(_client, new DigestPublisher(), config, TimeProvider.System, NullLogger<KubernetesRuntime>.Instance);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    private static InstanceSpec Spec(string revision) =>
        new("hello", revision, $"launcher/hello:{revision}", new Dictionary<string, string> { ["DATABASE_URL"] = "postgres://db/hello" }, 8080);

    /// <summary>Waits until the runtime applied the Job; returns it as stored.</summary>
    private async Task<JsonObject> WaitForJobAsync(string name)
    {
        var watch = Stopwatch.StartNew();
        JsonObject? job;
        while ((job = _server.Get($"{Jobs}/{name}")) is null)
        {
            Assert.True(watch.Elapsed < Bound, $"the runtime never applied Job {name}");
            await Task.Delay(50);
        }

        return job;
    }

    private async Task WaitForOutputAsync(Func<bool> seen)
    {
        var watch = Stopwatch.StartNew();
        while (!seen() && watch.Elapsed < Bound)
        {
            await Task.Delay(50);
        }
    }

    private int JobReads(string name) => _server.Requests.Count(r => r.Method == "GET" && r.Path == $"{Jobs}/{name}");

    private async Task AssertSchemaValidAsync(params JsonObject[] objects)
    {
        var (code, output) = await KubernetesSchemaValidator.ValidateAsync(string.Join("---\n", objects.Select(o => o.ToJsonString() + "\n")));
        Assert.True(code == 0, output);
    }

    [Fact]
    public async Task RunOnceAsync_ReleaseJobSucceeds_WaitsForTheEndAndReturnsItsLogsThenDeletesIt()
    {
        var running = _runtime.RunOnceAsync(Spec("hello-00007"), "node migrate.js", TimeSpan.FromMinutes(5), CancellationToken.None);

        var job = await WaitForJobAsync("hello-release-00007");
        var container = job["spec"]!["template"]!["spec"]!["containers"]![0]!;
        Assert.Equal(["/bin/sh", "-c", "node migrate.js"], container["command"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal("127.0.0.1:5000/hello@sha256:" + new string('d', 64), container["image"]!.GetValue<string>());
        Assert.Contains(container["env"]!.AsArray(), e => e!["name"]!.GetValue<string>() == "DATABASE_URL");
        Assert.Equal("Never", job["spec"]!["template"]!["spec"]!["restartPolicy"]!.GetValue<string>());
        Assert.Equal(0L, job["spec"]!["backoffLimit"]!.GetValue<long>());
        Assert.Equal("release", job["metadata"]!["labels"]!["app.kubernetes.io/component"]!.GetValue<string>());
        // The pod runs as the app's ServiceAccount, which a first deploy has not made yet when its release runs.
        Assert.NotNull(_server.Get("/api/v1/namespaces/apps/serviceaccounts/hello"));
        Assert.False(running.IsCompleted);

        var pod = _server.StartJobPod("apps", "hello-release-00007")!;
        _server.AppendPodLog("apps", pod, "migrating 3 tables\n");
        // The runtime reads the running Job again (twice) and keeps waiting: a running Job is not an ended one.
        var reads = JobReads("hello-release-00007");
        await WaitForOutputAsync(() => JobReads("hello-release-00007") >= reads + 2);
        Assert.True(JobReads("hello-release-00007") >= reads + 2);
        Assert.False(running.IsCompleted);
        _server.AppendPodLog("apps", pod, "done\n");
        await AssertSchemaValidAsync(_server.Get($"{Jobs}/hello-release-00007")!, _server.Get($"/api/v1/namespaces/apps/pods/{pod}")!);
        _server.FinishJob("apps", "hello-release-00007", 0);
        await AssertSchemaValidAsync(_server.Get($"{Jobs}/hello-release-00007")!, _server.Get($"/api/v1/namespaces/apps/pods/{pod}")!);

        var result = await running.WaitAsync(Bound);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("migrating 3 tables\ndone\n", result.Output);
        Assert.Null(_server.Get($"{Jobs}/hello-release-00007"));
        Assert.Null(_server.Get($"/api/v1/namespaces/apps/pods/{pod}"));
        await AssertSchemaValidAsync(JsonNode.Parse(_server.Requests.Last(r => r.Method == "PATCH" && r.Path == $"{Jobs}/hello-release-00007").Body)!.AsObject());
    }

    [Fact]
    public async Task RunOnceAsync_ReleaseJobFails_ReturnsTheExitCodeAndOutput()
    {
        var running = _runtime.RunOnceAsync(Spec("hello-00008"), "node migrate.js", TimeSpan.FromMinutes(5), CancellationToken.None);
        await WaitForJobAsync("hello-release-00008");
        var pod = _server.StartJobPod("apps", "hello-release-00008")!;
        _server.AppendPodLog("apps", pod, "error: relation \"users\" already exists\n");
        _server.FinishJob("apps", "hello-release-00008", 3);

        var result = await running.WaitAsync(Bound);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("relation \"users\" already exists", result.Output);
        Assert.Null(_server.Get($"{Jobs}/hello-release-00008"));
    }

    [Fact]
    public async Task RunOnceAsync_PodNeverRuns_TimesOutSaysSoAndDeletesTheJob()
    {
        var result = await _runtime.RunOnceAsync(Spec("hello-00009"), "node migrate.js", TimeSpan.FromSeconds(2), CancellationToken.None);

        Assert.Equal(124, result.ExitCode);
        Assert.Contains("did not finish within 2 s", result.Output);
        Assert.Null(_server.Get($"{Jobs}/hello-release-00009"));
    }

    [Fact]
    public async Task RunAsync_Attached_StreamsTheLogAsItGrowsReturnsTheExitCodeAndDeletesTheJob()
    {
        var output = new System.Text.StringBuilder();
        string? started = null;
        var running = _runtime.RunAsync(Spec("hello-00007"), ["node", "-e", "console.log(1)"], null,
            id => { started = id; return Task.CompletedTask; },
            o => { lock (output) { output.Append(o.Text); } return Task.CompletedTask; }, CancellationToken.None);

        await WaitForOutputAsync(() => started is not null);
        Assert.NotNull(started);
        Assert.Matches("^hello-run-[0-9a-f]{10}$", started);
        var job = await WaitForJobAsync(started);
        Assert.Equal(["node", "-e", "console.log(1)"], job["spec"]!["template"]!["spec"]!["containers"]![0]!["command"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal("node -e console.log(1)", job["metadata"]!["annotations"]!["applauncher.dev/command"]!.GetValue<string>());

        var pod = _server.StartJobPod("apps", started)!;
        _server.AppendPodLog("apps", pod, "first line\n");
        await WaitForOutputAsync(() => { lock (output) { return output.ToString().Contains("first line"); } });
        // Output arrives while the run still runs, not only at its end.
        Assert.False(running.IsCompleted);
        var runs = await _runtime.ListRunsAsync("hello", CancellationToken.None);
        Assert.Equal("running", Assert.Single(runs).State);

        _server.AppendPodLog("apps", pod, "second line\n");
        _server.FinishJob("apps", started, 42);
        Assert.Equal(42, await running.WaitAsync(Bound));
        Assert.Equal("first line\nsecond line\n", output.ToString());
        Assert.Null(_server.Get($"{Jobs}/{started}"));
        Assert.Empty(await _runtime.ListRunsAsync("hello", CancellationToken.None));
    }

    [Fact]
    public async Task RunAsync_CallerGoesAway_JobDeleted()
    {
        using var cancel = new CancellationTokenSource();
        string? started = null;
        var running = _runtime.RunAsync(Spec("hello-00007"), ["sleep", "300"], null, id => { started = id; return Task.CompletedTask; }, _ => Task.CompletedTask, cancel.Token);
        await WaitForOutputAsync(() => started is not null);
        await WaitForJobAsync(started!);
        _server.StartJobPod("apps", started!);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.WaitAsync(Bound));
        Assert.Null(_server.Get($"{Jobs}/{started}"));
    }

    [Fact]
    public async Task RunAsync_WithInput_RefusedNamingTheDockerRuntime()
    {
        using var stdin = new MemoryStream("x"u8.ToArray());

        var refused = await Assert.ThrowsAsync<RuntimeException>(() =>
            _runtime.RunAsync(Spec("hello-00007"), ["cat"], stdin, _ => Task.CompletedTask, _ => Task.CompletedTask, CancellationToken.None));

        Assert.Contains("needs the docker runtime", refused.Message);
        Assert.False(_runtime.AcceptsInput);
        Assert.DoesNotContain(_server.Requests, r => r.Path.StartsWith(Jobs, StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartDetachedAsync_JobStaysListedThroughItsEndWithItsLogs()
    {
        var run = await _runtime.StartDetachedAsync(Spec("hello-00007"), ["node", "backfill.js"], CancellationToken.None);

        Assert.Matches("^hello-run-[0-9a-f]{10}$", run.Id);
        var listed = Assert.Single(await _runtime.ListRunsAsync("hello", CancellationToken.None));
        Assert.Equal(("starting", "hello-00007", "node backfill.js"), (listed.State, listed.Revision, listed.Command));
        var pod = _server.StartJobPod("apps", run.Id)!;
        Assert.Equal("running", Assert.Single(await _runtime.ListRunsAsync("hello", CancellationToken.None)).State);
        _server.AppendPodLog("apps", pod, "backfilled 10 rows\n");
        _server.FinishJob("apps", run.Id, 0);

        Assert.Equal("ended", Assert.Single(await _runtime.ListRunsAsync("hello", CancellationToken.None)).State);
        Assert.Equal("backfilled 10 rows\n", await _runtime.RunLogsAsync(listed, 100, CancellationToken.None));
        Assert.NotNull(_server.Get($"{Jobs}/{run.Id}"));
    }

    [Fact]
    public async Task DeleteAppAsync_RemovesTheAppsJobs()
    {
        var run = await _runtime.StartDetachedAsync(Spec("hello-00007"), ["node", "backfill.js"], CancellationToken.None);

        await _runtime.DeleteAppAsync("hello", TimeSpan.Zero, CancellationToken.None);

        Assert.Null(_server.Get($"{Jobs}/{run.Id}"));
    }

    private sealed class DigestPublisher : IImagePublisher
    {
        public Task<string> PublishAsync(string app, string revision, string localImage, CancellationToken cancellationToken) =>
            Task.FromResult($"127.0.0.1:5000/{app}@sha256:{new string('d', 64)}");
    }
}
