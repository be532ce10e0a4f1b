using System.Text.Json;
using AppLauncher.Core.Manifests;
using AppLauncher.Runtime;
using k8s;
using k8s.Models;

namespace AppLauncher.Runtime.Kubernetes;

/// <summary>
/// The calls AppLauncher makes, on the KubernetesClient library's typed API: server-side apply of the manifests
/// <see cref="AppManifests"/> makes, the Deployment's <c>/scale</c>, pod logs, and listing and deleting an app's objects.
/// </summary>
internal static class KubernetesClientExtensions
{
    private static readonly V1DeleteOptions Foreground = new() { Kind = "DeleteOptions", ApiVersion = "v1", PropagationPolicy = "Foreground" };

    /// <summary>
    /// Server-side apply (field manager <c>applauncher</c>, forced) of one manifest: creates or updates it; returns it
    /// as the server stored it. The body is the manifest as JSON (which is YAML): the library sends only JSON text.
    /// </summary>
    public static async Task<IKubernetesObject<V1ObjectMeta>> ApplyAsync(this IKubernetes client, OrderedDictionary<string, object?> manifest, CancellationToken cancellationToken)
    {
        var metadata = (OrderedDictionary<string, object?>)manifest["metadata"]!;
        var name = (string)metadata["name"]!;
        var ns = metadata.TryGetValue("namespace", out var value) ? (string?)value : null;
        var patch = new V1Patch(JsonSerializer.Serialize(manifest), V1Patch.PatchType.ApplyPatch);
        const string manager = ManifestNames.FieldManager;
        IKubernetesObject<V1ObjectMeta> applied = ((string?)manifest["apiVersion"], (string?)manifest["kind"]) switch
        {
            ("v1", "Namespace") => await client.CoreV1.PatchNamespaceAsync(patch, name, fieldManager: manager, force: true, cancellationToken: cancellationToken),
            ("v1", "ServiceAccount") => await client.CoreV1.PatchNamespacedServiceAccountAsync(patch, name, ns, fieldManager: manager, force: true, cancellationToken: cancellationToken),
            ("v1", "Service") => await client.CoreV1.PatchNamespacedServiceAsync(patch, name, ns, fieldManager: manager, force: true, cancellationToken: cancellationToken),
            ("apps/v1", "Deployment") => await client.AppsV1.PatchNamespacedDeploymentAsync(patch, name, ns, fieldManager: manager, force: true, cancellationToken: cancellationToken),
            ("autoscaling/v2", "HorizontalPodAutoscaler") => await client.AutoscalingV2.PatchNamespacedHorizontalPodAutoscalerAsync(patch, name, ns, fieldManager: manager, force: true, cancellationToken: cancellationToken),
            ("policy/v1", "PodDisruptionBudget") => await client.PolicyV1.PatchNamespacedPodDisruptionBudgetAsync(patch, name, ns, fieldManager: manager, force: true, cancellationToken: cancellationToken),
            ("networking.k8s.io/v1", "NetworkPolicy") => await client.NetworkingV1.PatchNamespacedNetworkPolicyAsync(patch, name, ns, fieldManager: manager, force: true, cancellationToken: cancellationToken),
            ("batch/v1", "CronJob") => await client.BatchV1.PatchNamespacedCronJobAsync(patch, name, ns, fieldManager: manager, force: true, cancellationToken: cancellationToken),
            ("batch/v1", "Job") => await client.BatchV1.PatchNamespacedJobAsync(patch, name, ns, fieldManager: manager, force: true, cancellationToken: cancellationToken),
            var (apiVersion, kind) => throw new ArgumentException($"{apiVersion} {kind} is not a kind AppLauncher applies", nameof(manifest)),
        };
        return applied;
    }

    /// <summary>A Deployment's desired replicas, through its <c>/scale</c> subresource.</summary>
    public static async Task<int> GetScaleAsync(this IKubernetes client, string ns, string deployment, CancellationToken cancellationToken) =>
        (await client.AppsV1.ReadNamespacedDeploymentScaleAsync(deployment, ns, cancellationToken: cancellationToken)).Spec?.Replicas ?? 0;

    /// <summary>Sets a Deployment's replicas through its <c>/scale</c> subresource (how the proxy scales 0 ↔ 1).</summary>
    public static Task ScaleAsync(this IKubernetes client, string ns, string deployment, int replicas, CancellationToken cancellationToken) =>
        client.AppsV1.PatchNamespacedDeploymentScaleAsync(
            new V1Patch($"{{\"spec\":{{\"replicas\":{replicas}}}}}", V1Patch.PatchType.MergePatch), deployment, ns, fieldManager: ManifestNames.FieldManager, cancellationToken: cancellationToken);

    /// <summary>The last <paramref name="tail"/> lines of a pod's container output.</summary>
    public static async Task<string> PodLogsAsync(this IKubernetes client, string ns, string pod, string container, int tail, CancellationToken cancellationToken)
    {
        await using var stream = await client.CoreV1.ReadNamespacedPodLogAsync(pod, ns, container: container, tailLines: tail, cancellationToken: cancellationToken);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    /// <summary>The kinds AppLauncher makes for an app, in the order it deletes them (dependents first).</summary>
    public static IReadOnlyList<KubernetesAppKind> AppKinds { get; } =
    [
        new("jobs",
            async (c, ns, selector, ct) => Names(await c.BatchV1.ListNamespacedJobAsync(ns, labelSelector: selector, cancellationToken: ct)),
            (c, ns, name, ct) => c.BatchV1.DeleteNamespacedJobAsync(name, ns, Foreground, cancellationToken: ct)),
        new("cronjobs",
            async (c, ns, selector, ct) => Names(await c.BatchV1.ListNamespacedCronJobAsync(ns, labelSelector: selector, cancellationToken: ct)),
            (c, ns, name, ct) => c.BatchV1.DeleteNamespacedCronJobAsync(name, ns, Foreground, cancellationToken: ct)),
        new("networkpolicies",
            async (c, ns, selector, ct) => Names(await c.NetworkingV1.ListNamespacedNetworkPolicyAsync(ns, labelSelector: selector, cancellationToken: ct)),
            (c, ns, name, ct) => c.NetworkingV1.DeleteNamespacedNetworkPolicyAsync(name, ns, Foreground, cancellationToken: ct)),
        new("poddisruptionbudgets",
            async (c, ns, selector, ct) => Names(await c.PolicyV1.ListNamespacedPodDisruptionBudgetAsync(ns, labelSelector: selector, cancellationToken: ct)),
            (c, ns, name, ct) => c.PolicyV1.DeleteNamespacedPodDisruptionBudgetAsync(name, ns, Foreground, cancellationToken: ct)),
        new("horizontalpodautoscalers",
            async (c, ns, selector, ct) => Names(await c.AutoscalingV2.ListNamespacedHorizontalPodAutoscalerAsync(ns, labelSelector: selector, cancellationToken: ct)),
            (c, ns, name, ct) => c.AutoscalingV2.DeleteNamespacedHorizontalPodAutoscalerAsync(name, ns, Foreground, cancellationToken: ct)),
        new("services",
            async (c, ns, selector, ct) => Names(await c.CoreV1.ListNamespacedServiceAsync(ns, labelSelector: selector, cancellationToken: ct)),
            (c, ns, name, ct) => c.CoreV1.DeleteNamespacedServiceAsync(name, ns, Foreground, cancellationToken: ct)),
        new("deployments",
            async (c, ns, selector, ct) => Names(await c.AppsV1.ListNamespacedDeploymentAsync(ns, labelSelector: selector, cancellationToken: ct)),
            (c, ns, name, ct) => c.AppsV1.DeleteNamespacedDeploymentAsync(name, ns, Foreground, cancellationToken: ct)),
        new("serviceaccounts",
            async (c, ns, selector, ct) => Names(await c.CoreV1.ListNamespacedServiceAccountAsync(ns, labelSelector: selector, cancellationToken: ct)),
            (c, ns, name, ct) => c.CoreV1.DeleteNamespacedServiceAccountAsync(name, ns, Foreground, cancellationToken: ct)),
    ];

    /// <summary>Deletes one object of <paramref name="kind"/>; false when it did not exist.</summary>
    public static async Task<bool> DeleteAsync(this IKubernetes client, KubernetesAppKind kind, string ns, string name, CancellationToken cancellationToken)
    {
        try
        {
            await kind.DeleteAsync(client, ns, name, cancellationToken);
            return true;
        }
        catch (RuntimeException e) when (e.StatusCode == 404)
        {
            return false;
        }
    }

    private static List<string> Names<T>(IItems<T> list) where T : IMetadata<V1ObjectMeta> =>
        list.Items.Select(i => i.Metadata.Name).ToList();
}

/// <summary>One kind of object AppLauncher makes for an app: how to list its names under a label selector, and delete one.</summary>
internal sealed record KubernetesAppKind(
    string Plural,
    Func<IKubernetes, string, string, CancellationToken, Task<List<string>>> ListNamesAsync,
    Func<IKubernetes, string, string, CancellationToken, Task> DeleteAsync);
