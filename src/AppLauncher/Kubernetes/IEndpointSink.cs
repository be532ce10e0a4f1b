namespace AppLauncher.Kubernetes;

/// <summary>
/// Takes the ready pod addresses of an app's revision, as <c>KubernetesEndpointSync</c> learns them from the cluster's
/// EndpointSlices. Each call replaces the whole list for that app and revision (an empty list: none is ready now).
/// Calls come one at a time, from one background task; an implementation returns quickly and does not throw.
/// </summary>
public interface IEndpointSink
{
    void ReplaceEndpoints(string app, string revision, IReadOnlyList<Proxy.InstanceEndpoint> endpoints);
}
