using System.Text.Json.Nodes;
using AppLauncher.Core.Config;
using AppLauncher.Runtime.Kubernetes;
using k8s;
using AppLauncher.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace AppLauncher.Tests.Kubernetes;

/// <summary>Ready pod addresses from EndpointSlices, per app and revision, handed to an <see cref="IEndpointSink"/>, against <see cref="KubernetesApiStandIn"/>.</summary>
public sealed class KubernetesEndpointSyncStandInTests : IAsyncLifetime
{
    private const string Ns = "apps";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private KubernetesApiStandIn _server = null!;
    private IKubernetes _client = null!;
    private readonly RecordingSink _sink = new();
    private KubernetesEndpointSync? _sync;

    public async Task InitializeAsync()
    {
        _server = await KubernetesApiStandIn.StartAsync();
        _client = _server.Connect();
    }

    public async Task DisposeAsync()
    {
        if (_sync is not null)
        {
            await _sync.StopAsync(CancellationToken.None);
            _sync.Dispose();
        }

        _client.Dispose();
        await _server.DisposeAsync();
    }

    private async Task StartAsync(IEndpointSink? sink)
    {
        _sync = new KubernetesEndpointSync(_client, new PlatformConfig { Runtime = new RuntimeConfig { Kind = "kubernetes" } }, TimeProvider.System,
            NullLogger<KubernetesEndpointSync>.Instance, sink);
        await _sync.StartAsync(CancellationToken.None);
    }

    private static string SlicePath(string name) => StandInEndpointSlices.Path(Ns, name);

    /// <summary>A web pod of an app's revision, as the ReplicaSet controller makes it from the Deployment's template.</summary>
    private void SeedPod(string name, string app, string revision, string component = "web") =>
        _server.Seed($"/api/v1/namespaces/{Ns}/pods/{name}", new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "Pod",
            ["metadata"] = new JsonObject
            {
                ["name"] = name, ["namespace"] = Ns,
                ["labels"] = new JsonObject
                {
                    ["app.kubernetes.io/name"] = app, ["app.kubernetes.io/instance"] = app, ["app.kubernetes.io/version"] = revision,
                    ["app.kubernetes.io/component"] = component, ["app.kubernetes.io/managed-by"] = "applauncher",
                },
            },
        }, "kube-controller-manager");

    private static JsonObject Slice(string name, string service, params (string Pod, string Ip, bool Ready, bool Terminating)[] endpoints) =>
        StandInEndpointSlices.Make(Ns, name, service, endpoints);

    [Fact]
    public async Task ReadySliceAdded_SinkGetsThePodAddressesOfItsRevision()
    {
        SeedPod("hello-7d9f-aaaaa", "hello", "hello-00001");
        SeedPod("hello-7d9f-bbbbb", "hello", "hello-00001");
        SeedPod("hello-cleanup-1", "hello", "hello-00001", component: "cronjob");
        await StartAsync(_sink);

        _server.Seed(SlicePath("hello-x1"), Slice("hello-x1", "hello",
            ("hello-7d9f-aaaaa", "10.1.0.5", true, false), ("hello-7d9f-bbbbb", "10.1.0.6", false, false), ("hello-cleanup-1", "10.1.0.9", true, false)),
            "endpointslice-controller");
        _server.Seed(SlicePath("stranger-x1"), Slice("stranger-x1", "stranger", ("stranger-1", "10.1.7.7", true, false)), "endpointslice-controller");

        var endpoint = Assert.Single(await _sink.WaitForAsync("hello", "hello-00001", 1));
        Assert.Equal("apps/hello-7d9f-aaaaa", endpoint.InstanceId);
        Assert.Equal(new Uri("http://10.1.0.5:8080/"), endpoint.Address);
        Assert.Equal([("hello", "hello-00001")], _sink.Keys);
    }

    [Fact]
    public async Task EndpointTurnsNotReadyOrTerminating_RemovedAtOnce()
    {
        SeedPod("hello-7d9f-aaaaa", "hello", "hello-00001");
        SeedPod("hello-7d9f-bbbbb", "hello", "hello-00001");
        _server.Seed(SlicePath("hello-x1"), Slice("hello-x1", "hello", ("hello-7d9f-aaaaa", "10.1.0.5", true, false), ("hello-7d9f-bbbbb", "10.1.0.6", true, false)), "endpointslice-controller");
        await StartAsync(_sink);
        var both = await _sink.WaitForAsync("hello", "hello-00001", 2);

        // Pod b is being deleted: not ready any more, though still serving its last requests.
        _server.Seed(SlicePath("hello-x1"), Slice("hello-x1", "hello", ("hello-7d9f-aaaaa", "10.1.0.5", true, false), ("hello-7d9f-bbbbb", "10.1.0.6", false, true)), "endpointslice-controller");
        var one = await _sink.WaitForAsync("hello", "hello-00001", 1);
        Assert.Equal(new Uri("http://10.1.0.5:8080/"), Assert.Single(one).Address);
        Assert.Equal(both.Single(e => e.InstanceId == "apps/hello-7d9f-aaaaa"), one[0]); // the same pod (the route table keeps its endpoint object)

        // Pod a fails its readiness probe.
        _server.Seed(SlicePath("hello-x1"), Slice("hello-x1", "hello", ("hello-7d9f-aaaaa", "10.1.0.5", false, false)), "endpointslice-controller");
        Assert.Empty(await _sink.WaitForAsync("hello", "hello-00001", 0));
    }

    [Fact]
    public async Task RollingUpdate_EachRevisionGetsItsOwnPods()
    {
        SeedPod("hello-7d9f-aaaaa", "hello", "hello-00001");
        _server.Seed(SlicePath("hello-x1"), Slice("hello-x1", "hello", ("hello-7d9f-aaaaa", "10.1.0.5", true, false)), "endpointslice-controller");
        await StartAsync(_sink);
        await _sink.WaitForAsync("hello", "hello-00001", 1);

        SeedPod("hello-5c8d-ccccc", "hello", "hello-00002");
        _server.Seed(SlicePath("hello-x1"), Slice("hello-x1", "hello", ("hello-7d9f-aaaaa", "10.1.0.5", true, false), ("hello-5c8d-ccccc", "10.1.0.7", true, false)), "endpointslice-controller");

        Assert.Equal(new Uri("http://10.1.0.7:8080/"), Assert.Single(await _sink.WaitForAsync("hello", "hello-00002", 1)).Address);
        Assert.Equal(new Uri("http://10.1.0.5:8080/"), Assert.Single(_sink.Latest("hello", "hello-00001")!).Address);
    }

    [Fact]
    public async Task WatchExpiresWith410_RelistsAndStateMatchesTheCluster()
    {
        SeedPod("hello-7d9f-aaaaa", "hello", "hello-00001");
        _server.Seed(SlicePath("hello-x1"), Slice("hello-x1", "hello", ("hello-7d9f-aaaaa", "10.1.0.5", true, false)), "endpointslice-controller");
        await StartAsync(_sink);
        await _sink.WaitForAsync("hello", "hello-00001", 1);
        var lists = ListCount();

        // The rollout finished and etcd compacted before the watches caught up: only a list can tell what is there now.
        SeedPod("hello-5c8d-ccccc", "hello", "hello-00002");
        _server.ReplaceAndCompact(SlicePath("hello-x1"), Slice("hello-x1", "hello", ("hello-5c8d-ccccc", "10.1.0.7", true, false)), "endpointslice-controller");

        Assert.Equal(new Uri("http://10.1.0.7:8080/"), Assert.Single(await _sink.WaitForAsync("hello", "hello-00002", 1)).Address);
        Assert.Empty(await _sink.WaitForAsync("hello", "hello-00001", 0));
        Assert.True(_server.ExpiredWatches >= 1);
        Assert.True(ListCount() > lists);
    }

    [Fact]
    public async Task NoSinkRegistered_StopsWithoutCallingTheCluster()
    {
        await StartAsync(sink: null);

        await _sync!.ExecuteTask!.WaitAsync(Patience);

        Assert.Empty(_server.Requests);
    }

    private int ListCount() => _server.Requests.Count(r => r.Method == "GET" && !r.Query.Contains("watch=true", StringComparison.Ordinal));

    /// <summary>Keeps what it was told last per app and revision, and wakes waiters on every call.</summary>
    private sealed class RecordingSink : IEndpointSink
    {
        private readonly object _lock = new();
        private readonly Dictionary<(string App, string Revision), IReadOnlyList<RuntimeEndpoint>> _latest = [];
        private TaskCompletionSource _called = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IReadOnlyList<(string App, string Revision)> Keys
        {
            get
            {
                lock (_lock)
                {
                    return [.. _latest.Keys];
                }
            }
        }

        public void ReplaceEndpoints(string app, string revision, IReadOnlyList<RuntimeEndpoint> endpoints)
        {
            lock (_lock)
            {
                _latest[(app, revision)] = endpoints;
                var called = _called;
                _called = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                called.TrySetResult();
            }
        }

        public IReadOnlyList<RuntimeEndpoint>? Latest(string app, string revision)
        {
            lock (_lock)
            {
                return _latest.GetValueOrDefault((app, revision));
            }
        }

        /// <summary>Waits until the sink was last told <paramref name="count"/> endpoints for the app and revision.</summary>
        public async Task<IReadOnlyList<RuntimeEndpoint>> WaitForAsync(string app, string revision, int count)
        {
            using var timeout = new CancellationTokenSource(Patience);
            while (true)
            {
                Task called;
                lock (_lock)
                {
                    if (_latest.TryGetValue((app, revision), out var endpoints) && endpoints.Count == count)
                    {
                        return endpoints;
                    }

                    called = _called.Task;
                }

                try
                {
                    await called.WaitAsync(timeout.Token);
                }
                catch (OperationCanceledException) when (timeout.IsCancellationRequested)
                {
                    throw new TimeoutException(
                        $"the sink was not told {count} endpoints for {app}/{revision} within {Patience.TotalSeconds} s; " +
                        $"it was last told {Latest(app, revision)?.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "nothing"}");
                }
            }
        }
    }
}
