using System.Text.Json.Nodes;
using AppLauncher.Apps;
using AppLauncher.Core.Config;
using AppLauncher.Runtime.Kubernetes;
using AppLauncher.Release;
using k8s;
using AppLauncher.Runtime;
using AppLauncher.Store;
using AppLauncher.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace AppLauncher.Tests.Kubernetes;

/// <summary>The Kubernetes runtime behind <see cref="IRuntime"/>, against <see cref="KubernetesApiStandIn"/>, which plays the controllers' part only where a test says so.</summary>
public sealed class KubernetesRuntimeStandInTests : IAsyncLifetime
{
    private const string DeploymentPath = "/apis/apps/v1/namespaces/apps/deployments/hello";
    private KubernetesApiStandIn _server = null!;
    private IKubernetes _client = null!;
    private readonly RecordingPublisher _images = new();
    private readonly TempDirectory _data = new();
    private KubernetesRuntime _runtime = null!;
    private SqliteStore _store = null!;
    private AutoscalingPolicies _policies = null!;
    private RevisionInstances _specs = null!;

    public async Task InitializeAsync()
    {
        _server = await KubernetesApiStandIn.StartAsync();
        _client = _server.Connect();
        var config = new PlatformConfig { Runtime = new RuntimeConfig { Kind = "kubernetes" } };
        var store = _store = new SqliteStore(Path.Combine(_data.Path, "launcher.db"));
        await store.MigrateAsync(CancellationToken.None);
        _policies = new AutoscalingPolicies(store);
        _specs = new RevisionInstances(store, _policies, config);
        _runtime = new KubernetesRuntime(_client, _images, config, TimeProvider.System, NullLogger<KubernetesRuntime>.Instance);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
        _data.Dispose();
    }

    private static InstanceSpec Spec(string revision) =>
        new("hello", revision, $"launcher/hello:{revision}", new Dictionary<string, string> { ["GREETING"] = "hi" }, 8080);

    /// <summary>What the Deployment controller writes once every replica of the current template is available.</summary>
    private void ControllerReportsRolledOut()
    {
        var deployment = _server.Get(DeploymentPath)!;
        deployment["metadata"]!["generation"] = 2;
        deployment["status"] = new JsonObject { ["observedGeneration"] = 2, ["replicas"] = 1, ["updatedReplicas"] = 1, ["readyReplicas"] = 1, ["availableReplicas"] = 1 };
        _server.Seed(DeploymentPath, deployment, "kube-controller-manager");
    }

    private string DeploymentRevision() => _server.Get(DeploymentPath)!["metadata"]!["annotations"]!["applauncher.dev/revision"]!.GetValue<string>();

    private string DeploymentImage() => _server.Get(DeploymentPath)!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>();

    [Fact]
    public async Task StartAsync_NewApp_AppliesManifestsWithThePublishedDigest()
    {
        var instance = await _runtime.StartAsync(Spec("hello-00001"), CancellationToken.None);

        Assert.Equal([("hello", "hello-00001", "launcher/hello:hello-00001")], _images.Calls);
        Assert.Equal(RecordingPublisher.Digest("hello-00001"), DeploymentImage());
        Assert.Equal("hello-00001", DeploymentRevision());
        Assert.Equal("hi", _server.Get(DeploymentPath)!["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]![1]!["value"]!.GetValue<string>());
        Assert.NotNull(_server.Get("/api/v1/namespaces/apps"));
        Assert.NotNull(_server.Get("/apis/autoscaling/v2/namespaces/apps/horizontalpodautoscalers/hello"));
        Assert.Equal("apps/hello@hello-00001", instance.Id);
        Assert.Equal(new Uri("http://hello.apps.svc:80/"), instance.Endpoint);
    }

    [Fact]
    public async Task StartAsync_AppConfigStoredOnTheRevision_HealthCheckAndAutoscalingApplied()
    {
        // The launcher.yaml read at build time travels on the revision: nothing reads git again to make manifests.
        const string appFile = "kind: App\nhealthCheck:\n  path: /healthz\nautoscaling:\n  min: 2\n  max: 100\n  steps:\n    - {metric: cpu, threshold: 90, forSeconds: 300, change: 2, cooldownSeconds: 60}\n";
        await _store.EnsureAppAsync("hello", DateTimeOffset.UnixEpoch, CancellationToken.None);
        var revision = await _store.AddRevisionAsync("hello", "launcher/hello:hello-00001", "sha256:" + new string('c', 64), "0123abcd", "node", DateTimeOffset.UnixEpoch, CancellationToken.None, appFile: appFile);

        await _runtime.StartAsync(await _specs.SpecAsync((await _store.GetRevisionAsync(revision.Name, CancellationToken.None))!, CancellationToken.None), CancellationToken.None);

        var hpa = _server.Get("/apis/autoscaling/v2/namespaces/apps/horizontalpodautoscalers/hello")!;
        Assert.Equal(2, hpa["spec"]!["minReplicas"]!.GetValue<long>());
        Assert.Equal(300, hpa["spec"]!["behavior"]!["scaleUp"]!["stabilizationWindowSeconds"]!.GetValue<long>());
        Assert.Equal("/healthz", _server.Get(DeploymentPath)!["spec"]!["template"]!["spec"]!["containers"]![0]!["readinessProbe"]!["httpGet"]!["path"]!.GetValue<string>());
        Assert.Equal("0123abcd", _server.Get(DeploymentPath)!["metadata"]!["annotations"]!["applauncher.dev/commit"]!.GetValue<string>());
        Assert.NotNull(_server.Get("/apis/policy/v1/namespaces/apps/poddisruptionbudgets/hello"));
    }

    [Fact]
    public async Task StartAsync_RevisionWithProcessTypes_OneDeploymentEachWithoutAService()
    {
        const string appFile = "kind: App\nprocesses:\n  worker: 3\n";
        await _store.EnsureAppAsync("hello", DateTimeOffset.UnixEpoch, CancellationToken.None);
        var revision = await _store.AddRevisionAsync("hello", "launcher/hello:hello-00001", "sha256:" + new string('c', 64), "0123abcd", "node", DateTimeOffset.UnixEpoch, CancellationToken.None,
            appFile: appFile, processes: new Dictionary<string, string> { ["worker"] = "node worker.js", ["clock"] = "node clock.js" });

        await _runtime.StartAsync(await _specs.SpecAsync((await _store.GetRevisionAsync(revision.Name, CancellationToken.None))!, CancellationToken.None), CancellationToken.None);

        var worker = _server.Get("/apis/apps/v1/namespaces/apps/deployments/hello-worker")!;
        Assert.Equal(3, worker["spec"]!["replicas"]!.GetValue<long>());
        Assert.Equal("worker", worker["spec"]!["selector"]!["matchLabels"]!["app.kubernetes.io/component"]!.GetValue<string>());
        Assert.Equal("node worker.js", worker["spec"]!["template"]!["spec"]!["containers"]![0]!["command"]![2]!.GetValue<string>());
        Assert.Equal(RecordingPublisher.Digest("hello-00001"), worker["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
        Assert.Equal(1, _server.Get("/apis/apps/v1/namespaces/apps/deployments/hello-clock")!["spec"]!["replicas"]!.GetValue<long>());
        Assert.Null(_server.Get("/api/v1/namespaces/apps/services/hello-worker"));
        Assert.Null(_server.Get("/apis/autoscaling/v2/namespaces/apps/horizontalpodautoscalers/hello-worker"));
        Assert.NotNull(_server.Get("/api/v1/namespaces/apps/services/hello"));
    }

    [Fact]
    public async Task ScaleProcessAsync_ThenPsAndARedeploy_ReplicasPatchedPodsListedAndTheCountKept()
    {
        var processes = new Dictionary<string, string> { ["worker"] = "node worker.js" };
        await _store.EnsureAppAsync("hello", DateTimeOffset.UnixEpoch, CancellationToken.None);
        var first = await _store.AddRevisionAsync("hello", "launcher/hello:hello-00001", "sha256:" + new string('c', 64), "0123abcd", "node", DateTimeOffset.UnixEpoch, CancellationToken.None, processes: processes);
        await _runtime.StartAsync(await _specs.SpecAsync(first, CancellationToken.None), CancellationToken.None);
        const string Worker = "/apis/apps/v1/namespaces/apps/deployments/hello-worker";
        Assert.Equal("1", _server.Get(Worker)!["spec"]!["replicas"]!.ToJsonString());

        // launcher scale hello worker=4: the count is stored (as the API does), the Deployment patched through /scale.
        await _store.SetFormationAsync("hello", FormationJson.Write(new Dictionary<string, int> { ["worker"] = 4 }), CancellationToken.None);
        await _runtime.ScaleProcessAsync("hello", "worker", 4, CancellationToken.None);
        Assert.Equal("4", _server.Get(Worker)!["spec"]!["replicas"]!.ToJsonString());
        Assert.Contains(_server.Requests, r => r.Method == "PATCH" && r.Path == Worker + "/scale");

        // A redeploy whose launcher.yaml sets no count applies the scaled one, not 1.
        var second = await _store.AddRevisionAsync("hello", "launcher/hello:hello-00002", "sha256:" + new string('d', 64), "4567abcd", "node", DateTimeOffset.UnixEpoch, CancellationToken.None, processes: processes);
        await _runtime.StartAsync(await _specs.SpecAsync(second, CancellationToken.None), CancellationToken.None);
        Assert.Equal("4", _server.Get(Worker)!["spec"]!["replicas"]!.ToJsonString());
        Assert.Equal("hello-00002", _server.Get(Worker)!["metadata"]!["labels"]!["app.kubernetes.io/version"]!.GetValue<string>());

        // The cluster's part: one worker pod runs, one crash-loops (restarted 3 times, last exit 3); web has a pod too.
        var up = _server.StartDeploymentPod("apps", "hello-worker")!;
        var looping = _server.StartDeploymentPod("apps", "hello-worker", restarts: 3, crashLoopExitCode: 3)!;
        var web = _server.StartDeploymentPod("apps", "hello")!;

        var pods = await _runtime.ListProcessPodsAsync("hello", CancellationToken.None);

        Assert.Equal(new[] { looping, up }.Order(StringComparer.Ordinal), pods.Select(p => p.Id).Order(StringComparer.Ordinal));
        Assert.All(pods, p => Assert.Equal(("worker", "hello-00002"), (p.Type, p.Revision)));
        var running = pods.Single(p => p.Id == up);
        Assert.True(running.Running);
        Assert.Equal((0, (int?)null), (running.Restarts, running.ExitCode));
        var crashing = pods.Single(p => p.Id == looping);
        Assert.False(crashing.Running);
        Assert.Equal((3, (int?)3), (crashing.Restarts, crashing.ExitCode));
        Assert.DoesNotContain(pods, p => p.Id == web);
        var (code, output) = await KubernetesSchemaValidator.ValidateAsync(string.Join("---\n",
            new[] { up, looping }.Select(p => _server.Get($"/api/v1/namespaces/apps/pods/{p}")!.ToJsonString() + "\n")));
        Assert.True(code == 0, output);
    }

    [Fact]
    public async Task StartAsync_PolicySetThroughTheApi_HpaFollowsIt()
    {
        await _store.EnsureAppAsync("hello", DateTimeOffset.UnixEpoch, CancellationToken.None);
        await _policies.SetAsync("hello", new() { Min = 3, Max = 7 }, CancellationToken.None);
        var revision = await _store.AddRevisionAsync("hello", "launcher/hello:hello-00001", "sha256:" + new string('c', 64), "0123abcd", "node", DateTimeOffset.UnixEpoch, CancellationToken.None);

        await _runtime.StartAsync(await _specs.SpecAsync(revision, CancellationToken.None), CancellationToken.None);

        var hpa = _server.Get("/apis/autoscaling/v2/namespaces/apps/horizontalpodautoscalers/hello")!;
        Assert.Equal(3, hpa["spec"]!["minReplicas"]!.GetValue<long>());
        Assert.Equal(7, hpa["spec"]!["maxReplicas"]!.GetValue<long>());
    }

    [Fact]
    public async Task StartAsync_RevisionAlreadyRunningAtThreeReplicas_AppliesNothingAndLeavesTheHpasCount()
    {
        await _runtime.StartAsync(Spec("hello-00001"), CancellationToken.None);
        await _client.ScaleAsync("apps", "hello", 3, CancellationToken.None); // the HPA scaled out
        var before = _server.Requests.Count;

        var again = await _runtime.StartAsync(Spec("hello-00001"), CancellationToken.None);

        Assert.True(_runtime.ManagesReplicas);
        Assert.Equal("apps/hello@hello-00001", again.Id);
        Assert.DoesNotContain(_server.Requests.Skip(before), r => r.Method == "PATCH");
        Assert.Equal(3, await _client.GetScaleAsync("apps", "hello", CancellationToken.None));
    }

    [Fact]
    public async Task StartAsync_NewRevisionWhileHpaRunsThree_RollsWithoutTouchingReplicas()
    {
        await _runtime.StartAsync(Spec("hello-00001"), CancellationToken.None);
        await _client.ScaleAsync("apps", "hello", 3, CancellationToken.None);

        await _runtime.StartAsync(Spec("hello-00002"), CancellationToken.None);

        Assert.Equal("hello-00002", DeploymentRevision());
        Assert.Equal(3, await _client.GetScaleAsync("apps", "hello", CancellationToken.None));
    }

    [Fact]
    public async Task WaitReadyAsync_RolledOut_Returns()
    {
        var instance = await _runtime.StartAsync(Spec("hello-00001"), CancellationToken.None);
        ControllerReportsRolledOut();

        await _runtime.WaitReadyAsync(instance, TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.True(Assert.Single(await _runtime.ListAsync("hello", CancellationToken.None)).Running);
    }

    [Fact]
    public async Task WaitReadyAsync_NeverReady_NotReadyWithThePodsOutput()
    {
        var instance = await _runtime.StartAsync(Spec("hello-00001"), CancellationToken.None);
        _server.Seed("/api/v1/namespaces/apps/pods/hello-5c8d-x2x9q", new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "Pod",
            ["metadata"] = new JsonObject
            {
                ["name"] = "hello-5c8d-x2x9q", ["namespace"] = "apps",
                ["labels"] = new JsonObject { ["app.kubernetes.io/instance"] = "hello", ["app.kubernetes.io/version"] = "hello-00001", ["app.kubernetes.io/component"] = "web" },
            },
        });
        _server.SeedLogs("apps", "hello-5c8d-x2x9q", "listening on 3000\n");

        var error = await Assert.ThrowsAsync<InstanceNotReadyException>(() => _runtime.WaitReadyAsync(instance, TimeSpan.FromSeconds(1), CancellationToken.None));

        Assert.Contains("hello-00001 did not become ready on Kubernetes within 1 s", error.Message, StringComparison.Ordinal);
        Assert.Equal("listening on 3000\n", error.Logs);
    }

    [Fact]
    public async Task RemoveAsync_NewRevisionThatFailed_RollsBackToThePrevious()
    {
        await _runtime.StartAsync(Spec("hello-00001"), CancellationToken.None);
        ControllerReportsRolledOut();
        var failed = await _runtime.StartAsync(Spec("hello-00002"), CancellationToken.None);
        Assert.Equal("hello-00002", DeploymentRevision());

        await _runtime.RemoveAsync(failed, TimeSpan.Zero, CancellationToken.None);

        Assert.Equal("hello-00001", DeploymentRevision());
        Assert.Equal(RecordingPublisher.Digest("hello-00001"), DeploymentImage());
        Assert.Equal("hi", _server.Get(DeploymentPath)!["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]![1]!["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task RemoveAsync_OldRevisionAfterRollout_LeavesTheApp()
    {
        var old = await _runtime.StartAsync(Spec("hello-00001"), CancellationToken.None);
        await _runtime.StartAsync(Spec("hello-00002"), CancellationToken.None);

        await _runtime.RemoveAsync(old, TimeSpan.Zero, CancellationToken.None);

        Assert.Equal("hello-00002", DeploymentRevision());
        Assert.DoesNotContain(_server.Requests, r => r.Method == "DELETE");
    }

    [Fact]
    public async Task RemoveAsync_CurrentRevisionWithoutPrevious_ScalesToZeroAndKeepsTheObjects()
    {
        var instance = await _runtime.StartAsync(Spec("hello-00001"), CancellationToken.None);

        await _runtime.RemoveAsync(instance, TimeSpan.Zero, CancellationToken.None);

        Assert.Equal(0, await _client.GetScaleAsync("apps", "hello", CancellationToken.None));
        Assert.Equal("hello-00001", DeploymentRevision());
        Assert.DoesNotContain(_server.Requests, r => r.Method == "DELETE");
    }

    [Fact]
    public async Task EnsureRunningAsync_ScaledToZero_ScalesToOne()
    {
        var instance = await _runtime.StartAsync(Spec("hello-00001"), CancellationToken.None);
        await _client.ScaleAsync("apps", "hello", 0, CancellationToken.None);

        var running = await _runtime.EnsureRunningAsync(instance, CancellationToken.None);

        Assert.True(running.Running);
        Assert.Equal(1, await _client.GetScaleAsync("apps", "hello", CancellationToken.None));
    }

    [Fact]
    public async Task StopThenResume_ScalesZeroThenOneThroughScale()
    {
        var instance = await _runtime.StartAsync(Spec("hello-00001"), CancellationToken.None);

        await _runtime.StopAsync(instance, TimeSpan.Zero, CancellationToken.None);
        var stopped = await _client.GetScaleAsync("apps", "hello", CancellationToken.None);
        var resumed = await _runtime.ResumeAsync(instance with { Running = false }, CancellationToken.None);

        Assert.Equal(0, stopped);
        Assert.Equal(1, await _client.GetScaleAsync("apps", "hello", CancellationToken.None));
        Assert.True(resumed.Serving);
        Assert.Equal(2, _server.Requests.Count(r => r.Method == "PATCH" && r.Path == DeploymentPath + "/scale"));
    }

    [Fact]
    public async Task DeleteAppAsync_TwoApps_DeletesOnlyThatAppsObjects()
    {
        await _runtime.StartAsync(Spec("hello-00001"), CancellationToken.None);
        await _runtime.StartAsync(new InstanceSpec("other", "other-00001", "launcher/other:other-00001", new Dictionary<string, string>(), 8080), CancellationToken.None);

        await _runtime.DeleteAppAsync("hello", TimeSpan.Zero, CancellationToken.None);

        Assert.Null(_server.Get(DeploymentPath));
        Assert.Null(_server.Get("/api/v1/namespaces/apps/services/hello"));
        Assert.Null(_server.Get("/apis/autoscaling/v2/namespaces/apps/horizontalpodautoscalers/hello"));
        Assert.Null(_server.Get("/api/v1/namespaces/apps/serviceaccounts/hello"));
        Assert.NotNull(_server.Get("/apis/apps/v1/namespaces/apps/deployments/other"));
        Assert.Empty(await _runtime.ListAsync("hello", CancellationToken.None));
    }

    private sealed class RecordingPublisher : IImagePublisher
    {
        public List<(string App, string Revision, string Image)> Calls { get; } = [];

        public static string Digest(string revision) =>
            "127.0.0.1:5000/hello@sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(revision)));

        public Task<string> PublishAsync(string app, string revision, string localImage, CancellationToken cancellationToken)
        {
            Calls.Add((app, revision, localImage));
            return Task.FromResult(Digest(revision));
        }
    }
}
