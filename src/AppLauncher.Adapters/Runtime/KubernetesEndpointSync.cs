using AppLauncher.Core.Config;
using AppLauncher.Core.Manifests;
using AppLauncher.Runtime.Kubernetes;
using k8s;
using k8s.Models;

namespace AppLauncher.Runtime;

/// <summary>
/// Hands the proxy the ready pod addresses of every app and revision in the team's namespace, so it routes to pods
/// directly (AppLauncher need not run in the cluster). Two list-watches: EndpointSlices say which addresses are ready
/// (ready, not terminating, port <c>http</c>); the app's web pods say which revision each address runs (its
/// <c>app.kubernetes.io/version</c> label). After both first lists, and after every change that alters a revision's
/// addresses, <see cref="IEndpointSink.ReplaceEndpoints"/> gets that revision's whole list as
/// <c>http://podIP:port</c> endpoints; an endpoint is one pod (id <c>{namespace}/{pod}</c>). A failed watch is retried after
/// <see cref="RetryDelay"/>, from a fresh list.
/// </summary>
internal sealed partial class KubernetesEndpointSync(
    IKubernetes client, PlatformConfig config, TimeProvider time, ILogger<KubernetesEndpointSync> logger, IEndpointSink? sink = null)
    : BackgroundService
{
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    private readonly object _lock = new();
    private readonly Dictionary<(string App, string Revision), IReadOnlyList<RuntimeEndpoint>> _published = [];
    private IReadOnlyDictionary<string, V1EndpointSlice>? _slices;
    private IReadOnlyDictionary<string, (string App, string Revision)>? _pods;

    private string Ns => ManifestNames.Namespace(config.Runtime.Kubernetes.Team);

    /// <summary>The pods of AppLauncher's apps that serve traffic (not cron jobs).</summary>
    private static string PodSelector => $"{ManifestNames.ManagedByLabel}={ManifestNames.FieldManager},{ManifestNames.ComponentLabel}={ManifestNames.WebComponent}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (sink is null)
        {
            Log.NoSink(logger);
            return;
        }

        await Task.WhenAll(
            KeepWatchingAsync("endpointslices", () => new EndpointSliceWatcher(client).WatchSlicesAsync(Ns, labelSelector: null, stoppingToken), slices =>
            {
                _slices = slices;
            }, stoppingToken),
            KeepWatchingAsync("pods", () => WatchPodsAsync(stoppingToken), pods =>
            {
                _pods = pods.ToDictionary(p => p.Key, p => Revision(p.Value), StringComparer.Ordinal);
            }, stoppingToken));
    }

    private IAsyncEnumerable<IReadOnlyDictionary<string, V1Pod>> WatchPodsAsync(CancellationToken stoppingToken) =>
        new KubernetesListWatch<V1Pod, V1PodList>(
                ct => client.CoreV1.ListNamespacedPodAsync(Ns, labelSelector: PodSelector, cancellationToken: ct),
                (version, onError, ct) => client.CoreV1.WatchListNamespacedPodAsync(
                    Ns, allowWatchBookmarks: true, labelSelector: PodSelector, resourceVersion: version, onError: onError, cancellationToken: ct))
            .WatchAsync(stoppingToken);

    private async Task KeepWatchingAsync<T>(
        string what, Func<IAsyncEnumerable<IReadOnlyDictionary<string, T>>> watch, Action<IReadOnlyDictionary<string, T>> take, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var objects in watch())
                {
                    lock (_lock)
                    {
                        take(objects);
                        Publish();
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                Log.WatchFailed(logger, what, Ns, RetryDelay.TotalSeconds, e);
                await Task.Delay(RetryDelay, time, stoppingToken);
            }
        }
    }

    /// <summary>Tells the sink about every app and revision whose ready addresses differ from what it was last told.</summary>
    private void Publish()
    {
        if (_slices is null || _pods is null)
        {
            return; // one first list is still missing: what we have would be half the picture
        }

        var current = Current(_slices.Values, _pods);
        foreach (var key in current.Keys.Union(_published.Keys).ToList())
        {
            var wanted = current.GetValueOrDefault(key) ?? [];
            var known = _published.GetValueOrDefault(key) ?? [];
            if (wanted.Select(e => (e.Id, e.Address)).SequenceEqual(known.Select(e => (e.InstanceId, e.Address))))
            {
                continue;
            }

            var endpoints = wanted.Select(e => new RuntimeEndpoint(e.Id, e.Address)).ToList();
            if (endpoints.Count == 0)
            {
                _published.Remove(key);
            }
            else
            {
                _published[key] = endpoints;
            }

            Log.Endpoints(logger, key.App, key.Revision, endpoints.Count);
            sink!.ReplaceEndpoints(key.App, key.Revision, endpoints);
        }
    }

    /// <summary>App and revision → ready pod endpoints, sorted by id then address.</summary>
    private Dictionary<(string App, string Revision), List<(string Id, Uri Address)>> Current(
        IEnumerable<V1EndpointSlice> slices, IReadOnlyDictionary<string, (string App, string Revision)> pods) =>
        EndpointSliceWatcher.Ready(slices, ManifestNames.PortName)
            .Where(e => e.Pod is not null && pods.TryGetValue(e.Pod, out var pod) && pod.App == e.Service && pod.Revision.Length > 0)
            .Select(e => (Pod: pods[e.Pod!], Id: $"{Ns}/{e.Pod}", Address: new Uri($"http://{e.Address}/")))
            .GroupBy(e => e.Pod)
            .ToDictionary(
                g => g.Key,
                g => g.Select(e => (e.Id, e.Address)).Distinct().OrderBy(e => e.Id, StringComparer.Ordinal).ThenBy(e => e.Address.ToString(), StringComparer.Ordinal).ToList());

    private static (string App, string Revision) Revision(V1Pod pod)
    {
        var labels = pod.Metadata?.Labels;
        return (labels?.TryGetValue(ManifestNames.InstanceLabel, out var app) == true ? app : "", labels?.TryGetValue(ManifestNames.VersionLabel, out var revision) == true ? revision : "");
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "No IEndpointSink is registered: ready pod addresses from EndpointSlices are not handed to the proxy, which reaches apps through their Services (AppLauncher must then run in the cluster)")]
        public static partial void NoSink(ILogger logger);

        [LoggerMessage(2, LogLevel.Warning, "Watching {What} in namespace {Namespace} failed; listing again in {Seconds} s")]
        public static partial void WatchFailed(ILogger logger, string what, string @namespace, double seconds, Exception exception);

        [LoggerMessage(3, LogLevel.Debug, "{Revision} of {App} has {Count} ready endpoint(s)")]
        public static partial void Endpoints(ILogger logger, string app, string revision, int count);
    }
}
