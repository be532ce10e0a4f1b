using System.Text.Json.Nodes;
using AppLauncher.Runtime.Kubernetes;
using k8s;

namespace AppLauncher.Tests.Kubernetes;

/// <summary>Following a Service's ready endpoints through EndpointSlices, against <see cref="KubernetesApiStandIn"/>.</summary>
public sealed class EndpointSliceWatcherStandInTests : IAsyncLifetime
{
    private const string Ns = "apps";
    private KubernetesApiStandIn _server = null!;
    private IKubernetes _client = null!;

    public async Task InitializeAsync()
    {
        _server = await KubernetesApiStandIn.StartAsync();
        _client = _server.Connect();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    private static string SlicePath(string name) => StandInEndpointSlices.Path(Ns, name);

    private static JsonObject Slice(string name, string service, params (string Ip, bool Ready)[] endpoints) =>
        StandInEndpointSlices.Make(Ns, name, service, endpoints.Select(e => ("hello-" + e.Ip.Replace('.', '-'), e.Ip, e.Ready, false)).ToArray());

    /// <summary>A slice as the library decodes it from the API server's JSON.</summary>
    private static k8s.Models.V1EndpointSlice Typed(JsonObject slice) => KubernetesJson.Deserialize<k8s.Models.V1EndpointSlice>(slice.ToJsonString());

    [Fact]
    public async Task WatchReadyAsync_PodsBecomeReadyAndGo_YieldsEachChange()
    {
        _server.Seed(SlicePath("hello-abc12"), Slice("hello-abc12", "hello", ("10.1.0.5", true), ("10.1.0.6", false)), "endpointslice-controller");
        _server.Seed(SlicePath("other-zz999"), Slice("other-zz999", "other", ("10.1.9.9", true)), "endpointslice-controller");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var updates = new EndpointSliceWatcher(_client).WatchReadyAsync(Ns, "hello", "http", cancel.Token).GetAsyncEnumerator(cancel.Token);

        Assert.True(await updates.MoveNextAsync());
        Assert.Equal(["10.1.0.5:8080"], updates.Current);

        _server.Seed(SlicePath("hello-abc12"), Slice("hello-abc12", "hello", ("10.1.0.5", true), ("10.1.0.6", true)), "endpointslice-controller");
        Assert.True(await updates.MoveNextAsync());
        Assert.Equal(["10.1.0.5:8080", "10.1.0.6:8080"], updates.Current);

        _server.Remove(SlicePath("hello-abc12"));
        Assert.True(await updates.MoveNextAsync());
        Assert.Empty(updates.Current);

        var watch = Assert.Single(_server.Requests, r => r.Query.Contains("watch=true", StringComparison.Ordinal));
        Assert.Equal("/apis/discovery.k8s.io/v1/namespaces/apps/endpointslices", watch.Path);
        Assert.Contains("labelSelector=kubernetes.io%2Fservice-name%3Dhello", watch.Query, StringComparison.Ordinal);
        Assert.Contains("resourceVersion=", watch.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WatchReadyAsync_WatchExpiresWith410_RelistsAndCarriesOn()
    {
        _server.Seed(SlicePath("hello-abc12"), Slice("hello-abc12", "hello", ("10.1.0.5", true)), "endpointslice-controller");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var updates = new EndpointSliceWatcher(_client).WatchReadyAsync(Ns, "hello", "http", cancel.Token).GetAsyncEnumerator(cancel.Token);
        Assert.True(await updates.MoveNextAsync());

        // A pod is replaced and etcd compacts before the watch catches up: the watch's version is gone.
        _server.ReplaceAndCompact(SlicePath("hello-abc12"), Slice("hello-abc12", "hello", ("10.1.0.7", true)), "endpointslice-controller");

        Assert.True(await updates.MoveNextAsync());
        Assert.Equal(["10.1.0.7:8080"], updates.Current);
        var lists = _server.Requests.Count(r => r.Method == "GET" && !r.Query.Contains("watch=true", StringComparison.Ordinal));
        Assert.Equal(2, lists);
        Assert.Equal(1, _server.ExpiredWatches);
    }

    [Fact]
    public async Task WatchReadyAsync_ServerEndsWatch_WatchesAgainFromLastVersion()
    {
        _server.Seed(SlicePath("hello-abc12"), Slice("hello-abc12", "hello", ("10.1.0.5", true)), "endpointslice-controller");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var updates = new EndpointSliceWatcher(_client).WatchReadyAsync(Ns, "hello", "http", cancel.Token).GetAsyncEnumerator(cancel.Token);
        Assert.True(await updates.MoveNextAsync());
        _server.Seed(SlicePath("hello-abc12"), Slice("hello-abc12", "hello", ("10.1.0.6", true)), "endpointslice-controller");
        Assert.True(await updates.MoveNextAsync());
        var version = _server.Get(SlicePath("hello-abc12"))!["metadata"]!["resourceVersion"]!.GetValue<string>();

        _server.EndWatches();
        _server.Seed(SlicePath("hello-abc12"), Slice("hello-abc12", "hello", ("10.1.0.8", true)), "endpointslice-controller");

        Assert.True(await updates.MoveNextAsync());
        Assert.Equal(["10.1.0.8:8080"], updates.Current);
        Assert.Contains(_server.Requests, r => r.Query.Contains($"resourceVersion={version}", StringComparison.Ordinal));
        Assert.Equal(1, _server.Requests.Count(r => r.Method == "GET" && !r.Query.Contains("watch=true", StringComparison.Ordinal)));
    }

    [Fact]
    public void ReadyEndpoints_Ipv6AndNotReady_BracketedAndSkipped()
    {
        var slice = Typed(Slice("s", "hello", ("fd00::5", true), ("10.0.0.1", false)));

        Assert.Equal(["[fd00::5]:8080"], EndpointSliceWatcher.ReadyEndpoints([slice], "http"));
        Assert.Empty(EndpointSliceWatcher.ReadyEndpoints([slice], "metrics"));
    }

    [Fact]
    public void ReadyEndpoints_TerminatingStillMarkedReady_LeftOut()
    {
        var slice = Typed(StandInEndpointSlices.Make(Ns, "s", "hello", ("hello-a", "10.0.0.1", true, true), ("hello-b", "10.0.0.2", true, false)));

        Assert.Equal(["10.0.0.2:8080"], EndpointSliceWatcher.ReadyEndpoints([slice], "http"));
    }
}
