using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace AppLauncher.Kubernetes;

/// <summary>
/// Follows the ready pod addresses of a Service through its EndpointSlices: list, then watch from the list's
/// resourceVersion; when the server says that version has expired (410 Gone), list again. The proxy routes to what
/// it yields.
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
        var selector = $"{ServiceNameLabel}={service}";
        var slices = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        string? version = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (version is null)
            {
                var list = await client.ListAsync(KubernetesResource.EndpointSlice, ns, selector, cancellationToken);
                slices = list.Items.ToDictionary(Name, StringComparer.Ordinal);
                version = list.ResourceVersion;
                yield return ReadyEndpoints(slices.Values, portName);
            }

            var seen = 0;
            await using var events = client.WatchAsync(KubernetesResource.EndpointSlice, ns, selector, version, cancellationToken).GetAsyncEnumerator(cancellationToken);
            while (true)
            {
                try
                {
                    if (!await events.MoveNextAsync())
                    {
                        // The server ends every watch after a while: watch again from the last version seen; a stream
                        // that ended with nothing in it is taken as a hint to list again rather than spin.
                        version = seen == 0 ? null : version;
                        break;
                    }
                }
                catch (KubernetesException e) when (e.StatusCode == 410)
                {
                    version = null; // expired: list again
                    break;
                }

                seen++;
                var change = events.Current;
                version = change.Object["metadata"]?["resourceVersion"]?.GetValue<string>() ?? version;
                if (change.Type is "ADDED" or "MODIFIED")
                {
                    slices[Name(change.Object)] = change.Object;
                }
                else if (change.Type == "DELETED")
                {
                    slices.Remove(Name(change.Object));
                }
                else
                {
                    continue; // BOOKMARK: only the version moves
                }

                yield return ReadyEndpoints(slices.Values, portName);
            }
        }
    }

    /// <summary>Addresses of endpoints whose <c>ready</c> condition is not false, with the named port; sorted, without duplicates.</summary>
    public static IReadOnlyList<string> ReadyEndpoints(IEnumerable<JsonObject> slices, string portName)
    {
        var endpoints = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var slice in slices)
        {
            var port = slice["ports"]?.AsArray().FirstOrDefault(p => p?["name"]?.GetValue<string>() == portName)?["port"]?.GetValue<int>();
            if (port is null)
            {
                continue;
            }

            foreach (var endpoint in slice["endpoints"]?.AsArray() ?? [])
            {
                if (endpoint?["conditions"]?["ready"]?.GetValue<bool>() == false)
                {
                    continue;
                }

                foreach (var address in endpoint?["addresses"]?.AsArray() ?? [])
                {
                    var ip = address!.GetValue<string>();
                    endpoints.Add(ip.Contains(':') ? $"[{ip}]:{port}" : $"{ip}:{port}");
                }
            }
        }

        return endpoints.ToList();
    }

    private static string Name(JsonObject slice) => slice["metadata"]?["name"]?.GetValue<string>() ?? "";
}
