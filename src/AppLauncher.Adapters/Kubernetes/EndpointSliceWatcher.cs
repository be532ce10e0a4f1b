using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace AppLauncher.Kubernetes;

/// <summary>
/// Follows the ready pod addresses of Services through their EndpointSlices, with <see cref="KubernetesListWatch"/>
/// (list, watch, list again on 410 Gone). The proxy routes to what it yields.
/// </summary>
public sealed class EndpointSliceWatcher(IKubernetesClient client)
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
    public IAsyncEnumerable<IReadOnlyDictionary<string, JsonObject>> WatchSlicesAsync(string ns, string? labelSelector, CancellationToken cancellationToken) =>
        new KubernetesListWatch(client).WatchAsync(KubernetesResource.EndpointSlice, ns, labelSelector, cancellationToken);

    /// <summary>Addresses of endpoints that are ready and not terminating, with the named port; sorted, without duplicates.</summary>
    public static IReadOnlyList<string> ReadyEndpoints(IEnumerable<JsonObject> slices, string portName) =>
        Ready(slices, portName).Select(e => e.Address).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Every address (<c>ip:port</c>, IPv6 in brackets) of an endpoint that is ready and not terminating, with the
    /// named port, its Service and the pod behind it. A ready condition that is absent counts as ready (the API says
    /// "unknown"); a terminating endpoint leaves at once, even where a controller still reports it ready.
    /// </summary>
    public static IEnumerable<SliceEndpoint> Ready(IEnumerable<JsonObject> slices, string portName)
    {
        foreach (var slice in slices)
        {
            var port = slice["ports"]?.AsArray().FirstOrDefault(p => p?["name"]?.GetValue<string>() == portName)?["port"]?.GetValue<int>();
            if (port is null)
            {
                continue;
            }

            var service = slice["metadata"]?["labels"]?[ServiceNameLabel]?.GetValue<string>() ?? "";
            foreach (var endpoint in slice["endpoints"]?.AsArray() ?? [])
            {
                var conditions = endpoint?["conditions"];
                if (conditions?["ready"]?.GetValue<bool>() == false || conditions?["terminating"]?.GetValue<bool>() == true)
                {
                    continue;
                }

                var pod = endpoint?["targetRef"]?["kind"]?.GetValue<string>() == "Pod" ? endpoint["targetRef"]?["name"]?.GetValue<string>() : null;
                foreach (var address in endpoint?["addresses"]?.AsArray() ?? [])
                {
                    var ip = address!.GetValue<string>();
                    yield return new SliceEndpoint(service, ip.Contains(':') ? $"[{ip}]:{port}" : $"{ip}:{port}", pod);
                }
            }
        }
    }
}
