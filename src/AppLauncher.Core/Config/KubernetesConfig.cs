namespace AppLauncher.Core.Config;

/// <summary>The Kubernetes cluster apps run on when <c>runtime.kind</c> is <c>kubernetes</c>.</summary>
public sealed class KubernetesConfig
{
    /// <summary>Kubeconfig file (its current context is used); empty: <c>$KUBECONFIG</c>, then <c>~/.kube/config</c>, then the in-cluster service account.</summary>
    public string Kubeconfig { get; set; } = "";

    /// <summary>The team of apps that name none; each team's apps live in the namespace of the team's name.</summary>
    public string Team { get; set; } = "apps";

    /// <summary>OCI registry images are pushed to and pulled from by the cluster, e.g. <c>registry.example.com/launcher</c>.</summary>
    public string Registry { get; set; } = "127.0.0.1:5000";

    /// <summary>The namespace AppLauncher (its proxy) runs in; with <see cref="NetworkPolicy"/>, apps admit traffic only from it.</summary>
    public string ProxyNamespace { get; set; } = "applauncher";

    /// <summary>Give every app a NetworkPolicy that admits traffic only from AppLauncher's proxy.</summary>
    public bool NetworkPolicy { get; set; }

    /// <summary>The HPA's maxReplicas for apps whose policy sets no maximum.</summary>
    public int DefaultMaxReplicas { get; set; } = 10;
}
