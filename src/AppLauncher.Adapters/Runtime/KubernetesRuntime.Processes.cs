using AppLauncher.Core.Manifests;
using AppLauncher.Runtime.Kubernetes;
using k8s;
using k8s.Models;

namespace AppLauncher.Runtime;

/// <summary>
/// The non-web process types on a cluster: each is the Deployment <c>{app}-{type}</c> (applied with the revision, see
/// <see cref="ProcessDeploymentManifest"/>); <c>launcher scale</c> moves its replicas through <c>/scale</c>, and
/// <c>launcher ps</c> reads its pods, whose restarts and last exit code are the kubelet's.
/// </summary>
internal sealed partial class KubernetesRuntime : IProcessDeployments
{
    public Task ScaleProcessAsync(string app, string type, int replicas, CancellationToken cancellationToken) =>
        client.ScaleAsync(Ns, ManifestNames.ProcessWorkload(app, type), replicas, cancellationToken);

    public async Task<IReadOnlyList<ProcessInstance>> ListProcessPodsAsync(string app, CancellationToken cancellationToken)
    {
        var pods = await client.CoreV1.ListNamespacedPodAsync(Ns, labelSelector: $"{ManifestNames.InstanceLabel}={app}", cancellationToken: cancellationToken);
        return [.. pods.Items.Where(IsProcessPod).Select(pod => ProcessOf(app, pod))];
    }

    // A process type's pods are a ReplicaSet's (its Deployment's), and their component is the type; web's are a
    // ReplicaSet's too, with the web component, and runs', releases' and cron jobs' are a Job's.
    private static bool IsProcessPod(V1Pod pod) =>
        pod.Metadata?.OwnerReferences?.Any(o => o.Kind == "ReplicaSet") == true
        && pod.Metadata.Labels?.TryGetValue(ManifestNames.ComponentLabel, out var component) == true && component != ManifestNames.WebComponent;

    private static ProcessInstance ProcessOf(string app, V1Pod pod)
    {
        var labels = pod.Metadata.Labels;
        var container = pod.Status?.ContainerStatuses?.FirstOrDefault(c => c.Name == ManifestNames.Container) ?? pod.Status?.ContainerStatuses?.FirstOrDefault();
        var running = pod.Status?.Phase == "Running" && container?.State?.Running is not null && pod.Metadata.DeletionTimestamp is null;
        // While it runs, the exit code is its previous run's (why the kubelet restarted it); once it ended, its own.
        var terminated = container?.State?.Terminated ?? container?.LastState?.Terminated;
        return new ProcessInstance(
            pod.Metadata.Name, app, (labels.TryGetValue(ManifestNames.VersionLabel, out var revision) ? revision : ""), labels[ManifestNames.ComponentLabel], running,
            container?.State?.Running?.StartedAt ?? pod.Status?.StartTime,
            terminated?.ExitCode, terminated?.Reason == "OOMKilled", container?.RestartCount ?? 0);
    }
}
