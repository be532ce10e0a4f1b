using System.Runtime.CompilerServices;
using k8s;
using k8s.Models;

namespace AppLauncher.Runtime.Kubernetes;

/// <summary>
/// Follows the ready pod addresses of Services through their EndpointSlices (<c>discovery.k8s.io/v1</c>), with
/// <see cref="KubernetesListWatch{T, TList}"/> (list, watch, list again on 410 Gone). The proxy routes to what it yields.
/// </summary>
public sealed class EndpointSliceWatcher(IKubernetes client)
{
    /// <summary>The label the EndpointSlice controller puts on a Service's slices.</summary>
    public const string ServiceNameLabel = "kubernetes.io/service-name";

    /// <summary>
    /// Yields the ready endpoints (<c>ip:port</c> of the port named <paramref name="portName"/>) now and after every
    /// change, until cancelled.
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<string>> WatchReadyAsync(
        string ns, string service, string portName, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var slices in WatchSlicesAsync(ns, $"{ServiceNameLabel}={service}", cancellationToken))
        {
            yield return ReadyEndpoints(slices.Values, portName);
        }
    }

    /// <summary>The namespace's EndpointSlices under <paramref name="labelSelector"/> (null: all), now and after every change.</summary>
    public IAsyncEnumerable<IReadOnlyDictionary<string, V1EndpointSlice>> WatchSlicesAsync(string ns, string? labelSelector, CancellationToken cancellationToken) =>
        new KubernetesListWatch<V1EndpointSlice, V1EndpointSliceList>(
                ct => client.DiscoveryV1.ListNamespacedEndpointSliceAsync(ns, labelSelector: labelSelector, cancellationToken: ct),
                (version, onError, ct) => client.DiscoveryV1.WatchListNamespacedEndpointSliceAsync(
                    ns, allowWatchBookmarks: true, labelSelector: labelSelector, resourceVersion: version, onError: onError, cancellationToken: ct))
            .WatchAsync(cancellationToken);

    /// <summary>Addresses of endpoints that are ready and not terminating, with the named port; sorted, without duplicates.</summary>
    public static IReadOnlyList<string> ReadyEndpoints(IEnumerable<V1EndpointSlice> slices, string portName) =>
        Ready(slices, portName).Select(e => e.Address).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Every address (<c>ip:port</c>, IPv6 in brackets) of an endpoint that is ready and not terminating, with the
    /// named port, its Service and the pod behind it. A ready condition that is absent counts as ready (the API says
    /// "unknown"); a terminating endpoint leaves at once, even where a controller still reports it ready.
    /// </summary>
    public static IEnumerable<SliceEndpoint> Ready(IEnumerable<V1EndpointSlice> slices, string portName)
    {
        foreach (var slice in slices)
        {
            var port = slice.Ports?.FirstOrDefault(p => p.Name == portName)?.Port;
            if (port is null)
            {
                continue;
            }

            var service = slice.Metadata?.Labels?.TryGetValue(ServiceNameLabel, out var name) == true ? name : "";
            foreach (var endpoint in slice.Endpoints ?? [])
            {
                if (endpoint.Conditions?.Ready == false || endpoint.Conditions?.Terminating == true)
                {
                    continue;
                }

                var pod = endpoint.TargetRef?.Kind == "Pod" ? endpoint.TargetRef.Name : null;
                foreach (var ip in endpoint.Addresses ?? [])
                {
                    yield return new SliceEndpoint(service, ip.Contains(':') ? $"[{ip}]:{port}" : $"{ip}:{port}", pod);
                }
            }
        }
    }
}
