using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace AppLauncher.Kubernetes;

/// <summary>
/// Keeps a copy of the objects of one kind (in a namespace, under a label selector) the way client-go's informers do:
/// list, then watch from the list's resourceVersion; when the server says that version has expired (410 Gone), list
/// again and start over from what the list says.
/// </summary>
public sealed class KubernetesListWatch(IKubernetesClient client)
{
    /// <summary>Yields every object (keyed by name) after the first list, after every change and after every relist, until cancelled.</summary>
    public async IAsyncEnumerable<IReadOnlyDictionary<string, JsonObject>> WatchAsync(
        KubernetesResource resource, string ns, string? labelSelector, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var objects = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        string? version = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (version is null)
            {
                var list = await client.ListAsync(resource, ns, labelSelector, cancellationToken);
                objects = list.Items.ToDictionary(Name, StringComparer.Ordinal);
                version = list.ResourceVersion;
                yield return Snapshot(objects);
            }

            var seen = 0;
            await using var events = client.WatchAsync(resource, ns, labelSelector, version, cancellationToken).GetAsyncEnumerator(cancellationToken);
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
                    objects[Name(change.Object)] = change.Object;
                }
                else if (change.Type == "DELETED")
                {
                    objects.Remove(Name(change.Object));
                }
                else
                {
                    continue; // BOOKMARK: only the version moves
                }

                yield return Snapshot(objects);
            }
        }
    }

    /// <summary>A copy: the caller may keep it while the watch goes on.</summary>
    private static Dictionary<string, JsonObject> Snapshot(Dictionary<string, JsonObject> objects) => new(objects, StringComparer.Ordinal);

    private static string Name(JsonObject obj) => obj["metadata"]?["name"]?.GetValue<string>() ?? "";
}
