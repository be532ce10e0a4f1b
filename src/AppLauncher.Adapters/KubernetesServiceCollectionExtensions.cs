using AppLauncher.Core.Config;
using AppLauncher.Runtime.Kubernetes;
using AppLauncher.Runtime;
using Docker.DotNet;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AppLauncher.Adapters;

/// <summary>
/// Registers the Kubernetes runtime (<c>runtime.kind: kubernetes</c>): the API client (the KubernetesClient library's), the image publisher, the
/// runtime, the hook that deletes a deleted app's objects, and the sync that hands ready pod addresses to the proxy.
/// </summary>
public static class KubernetesServiceCollectionExtensions
{
    public static IServiceCollection AddKubernetesRuntime(this IServiceCollection services, PlatformConfig config)
    {
        services.TryAddSingleton<k8s.IKubernetes>(_ => KubeconfigLoader.Load(config.Runtime.Kubernetes.Kubeconfig).CreateClient());
        services.TryAddSingleton<IImagePublisher>(provider =>
            new DockerRegistryPublisher(provider.GetRequiredService<IDockerClient>(), config.Runtime.Kubernetes.Registry));
        services.TryAddSingleton<KubernetesRuntime>();
        services.TryAddSingleton<IRuntime>(sp => sp.GetRequiredService<KubernetesRuntime>());
        // One-off runs and release commands run as Jobs; process types are Deployments the cluster keeps at their
        // counts (IProcessDeployments, no IProcessRuntime here: nothing of AppLauncher's supervises them).
        services.TryAddSingleton<IRunRuntime>(sp => sp.GetRequiredService<KubernetesRuntime>());
        services.TryAddSingleton<IProcessDeployments>(sp => sp.GetRequiredService<KubernetesRuntime>());

        // The proxy routes to ready pods as the cluster's EndpointSlices report them (the proxy registers the sink).
        services.AddHostedService<KubernetesEndpointSync>();
        return services;
    }
}
