using System.Text.Json.Nodes;

namespace AppLauncher.Kubernetes;

/// <summary>The calls AppLauncher makes to a Kubernetes API server; nothing more.</summary>
public interface IKubernetesClient
{
    /// <summary>Server-side apply (field manager <c>applauncher</c>, forced): creates or updates the object; returns it as the server stored it.</summary>
    Task<JsonObject> ApplyAsync(OrderedDictionary<string, object?> manifest, CancellationToken cancellationToken);

    /// <summary>A Deployment's desired replicas, through its <c>/scale</c> subresource.</summary>
    Task<int> GetScaleAsync(string ns, string deployment, CancellationToken cancellationToken);

    /// <summary>Sets a Deployment's replicas through its <c>/scale</c> subresource (how the proxy scales 0 ↔ 1).</summary>
    Task ScaleAsync(string ns, string deployment, int replicas, CancellationToken cancellationToken);

    Task<KubernetesList> ListAsync(KubernetesResource resource, string? ns, string? labelSelector, CancellationToken cancellationToken);

    /// <summary>
    /// Events after <paramref name="resourceVersion"/>. Ends when the server closes the stream; throws
    /// <see cref="KubernetesException"/> with status 410 when that version is too old (list again, then watch).
    /// </summary>
    IAsyncEnumerable<KubernetesWatchEvent> WatchAsync(KubernetesResource resource, string ns, string? labelSelector, string resourceVersion, CancellationToken cancellationToken);

    /// <summary>Deletes one object; false when it did not exist.</summary>
    Task<bool> DeleteAsync(KubernetesResource resource, string? ns, string name, CancellationToken cancellationToken);

    /// <summary>The last <paramref name="tail"/> lines of a pod's container output.</summary>
    Task<string> PodLogsAsync(string ns, string pod, string container, int tail, CancellationToken cancellationToken);
}
