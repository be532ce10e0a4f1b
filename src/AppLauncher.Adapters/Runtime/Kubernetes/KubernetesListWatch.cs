using System.Runtime.CompilerServices;
using AppLauncher.Runtime;
using k8s;
using k8s.Models;

namespace AppLauncher.Runtime.Kubernetes;

/// <summary>
/// Keeps a copy of the objects of one kind (in a namespace, under a label selector) the way client-go's informers do,
/// on the KubernetesClient library's list and watch calls (it has no informer): list, then watch from the list's
/// resourceVersion; when the server says that version has expired (410 Gone), list again and start over from what the
/// list says.
/// </summary>
/// <param name="list">The library's <c>ListNamespacedXxxAsync</c> for the kind, namespace and selector.</param>
/// <param name="watch">
/// Its <c>WatchListNamespacedXxxAsync</c> (with bookmarks) from a resourceVersion, handing ERROR events to the action.
/// </param>
public sealed class KubernetesListWatch<T, TList>(
    Func<CancellationToken, Task<TList>> list,
    Func<string, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType Type, T Object)>> watch)
    where T : IKubernetesObject<V1ObjectMeta>
    where TList : IKubernetesObject<V1ListMeta>, IItems<T>
{
    /// <summary>Yields every object (keyed by name) after the first list, after every change and after every relist, until cancelled.</summary>
    public async IAsyncEnumerable<IReadOnlyDictionary<string, T>> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var objects = new Dictionary<string, T>(StringComparer.Ordinal);
        string? version = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (version is null)
            {
                var listed = await list(cancellationToken);
                objects = listed.Items.ToDictionary(Name, StringComparer.Ordinal);
                version = listed.Metadata?.ResourceVersion ?? "";
                yield return Snapshot(objects);
            }

            // The library hands ERROR events (a Status) and undecodable lines to onError and reads on; the server
            // closes the stream after an ERROR, so the failure is looked at after each step.
            Exception? failure = null;
            var seen = 0;
            await using var events = watch(version, e => failure ??= e, cancellationToken).GetAsyncEnumerator(cancellationToken);
            while (true)
            {
                bool more;
                try
                {
                    more = await events.MoveNextAsync();
                }
                catch (RuntimeException e) when (e.StatusCode == 410)
                {
                    version = null; // expired before the stream began: list again
                    break;
                }

                if (failure is KubernetesException { Status.Code: 410 })
                {
                    version = null; // expired: list again
                    break;
                }

                if (failure is not null)
                {
                    throw new RuntimeException($"watch {typeof(T).Name}: {(failure as KubernetesException)?.Status?.Message ?? failure.Message}", failure);
                }

                if (!more)
                {
                    // The server ends every watch after a while: watch again from the last version seen; a stream
                    // that ended with nothing in it is taken as a hint to list again rather than spin.
                    version = seen == 0 ? null : version;
                    break;
                }

                seen++;
                var (type, obj) = events.Current;
                version = obj.Metadata?.ResourceVersion ?? version;
                if (type is WatchEventType.Added or WatchEventType.Modified)
                {
                    objects[Name(obj)] = obj;
                }
                else if (type == WatchEventType.Deleted)
                {
                    objects.Remove(Name(obj));
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
    private static Dictionary<string, T> Snapshot(Dictionary<string, T> objects) => new(objects, StringComparer.Ordinal);

    private static string Name(T obj) => obj.Metadata?.Name ?? "";
}
