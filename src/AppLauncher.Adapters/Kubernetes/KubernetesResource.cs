namespace AppLauncher.Kubernetes;

/// <summary>Where a kind lives in the REST API: its group/version path, its plural, and whether it is namespaced.</summary>
public sealed record KubernetesResource(string ApiVersion, string Kind, string Plural, bool Namespaced)
{
    public static readonly KubernetesResource Namespace = new("v1", "Namespace", "namespaces", false);
    public static readonly KubernetesResource ServiceAccount = new("v1", "ServiceAccount", "serviceaccounts", true);
    public static readonly KubernetesResource Service = new("v1", "Service", "services", true);
    public static readonly KubernetesResource Pod = new("v1", "Pod", "pods", true);
    public static readonly KubernetesResource Deployment = new("apps/v1", "Deployment", "deployments", true);
    public static readonly KubernetesResource HorizontalPodAutoscaler = new("autoscaling/v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true);
    public static readonly KubernetesResource PodDisruptionBudget = new("policy/v1", "PodDisruptionBudget", "poddisruptionbudgets", true);
    public static readonly KubernetesResource NetworkPolicy = new("networking.k8s.io/v1", "NetworkPolicy", "networkpolicies", true);
    public static readonly KubernetesResource CronJob = new("batch/v1", "CronJob", "cronjobs", true);
    public static readonly KubernetesResource EndpointSlice = new("discovery.k8s.io/v1", "EndpointSlice", "endpointslices", true);

    /// <summary>The kinds AppLauncher makes for an app, in the order it deletes them (dependents first).</summary>
    public static IReadOnlyList<KubernetesResource> AppKinds { get; } =
        [CronJob, NetworkPolicy, PodDisruptionBudget, HorizontalPodAutoscaler, Service, Deployment, ServiceAccount];

    private static readonly IReadOnlyList<KubernetesResource> Known =
        [Namespace, ServiceAccount, Service, Pod, Deployment, HorizontalPodAutoscaler, PodDisruptionBudget, NetworkPolicy, CronJob, EndpointSlice];

    public static KubernetesResource Of(string apiVersion, string kind) =>
        Known.FirstOrDefault(r => r.ApiVersion == apiVersion && r.Kind == kind)
        ?? throw new ArgumentException($"{apiVersion} {kind} is not a kind AppLauncher applies", nameof(kind));

    /// <summary><c>/api/v1</c> for the core group, <c>/apis/{group}/{version}</c> otherwise.</summary>
    public string GroupPath => ApiVersion.Contains('/') ? $"/apis/{ApiVersion}" : $"/api/{ApiVersion}";

    /// <summary>The collection's path, e.g. <c>/apis/apps/v1/namespaces/shop/deployments</c>.</summary>
    public string CollectionPath(string? ns) =>
        Namespaced ? $"{GroupPath}/namespaces/{Uri.EscapeDataString(ns ?? throw new ArgumentNullException(nameof(ns)))}/{Plural}" : $"{GroupPath}/{Plural}";

    public string ObjectPath(string? ns, string name) => $"{CollectionPath(ns)}/{Uri.EscapeDataString(name)}";
}
