using AppLauncher.Kubernetes;

namespace AppLauncher.Proxy;

/// <summary>
/// Feeds the ready pod addresses the cluster reports (EndpointSlices) into the proxy's routes, so AppLauncher routes
/// to pods directly and need not run inside the cluster. Only revisions the proxy serves are updated.
/// </summary>
internal sealed class RouteTableEndpointSink(RouteTable routes) : IEndpointSink
{
    public void ReplaceEndpoints(string app, string revision, IReadOnlyList<InstanceEndpoint> endpoints) =>
        routes.ReplaceEndpoints(revision, endpoints);
}
