using k8s;

namespace AppLauncher.Runtime.Kubernetes;

/// <summary>
/// One API server as the KubernetesClient library loaded it, and where the settings came from (for error messages:
/// "context 'prod' of /etc/applauncher/kubeconfig").
/// </summary>
public sealed record KubernetesConnection(KubernetesClientConfiguration Configuration, string Source)
{
    /// <summary>A client whose failures are all <see cref="Runtime.RuntimeException"/>s that name the call and this connection.</summary>
    public IKubernetes CreateClient() => new k8s.Kubernetes(Configuration, new KubernetesFailureHandler(Source, Configuration.Host));
}
