using AppLauncher.Runtime;

namespace AppLauncher.Proxy;

/// <summary>
/// Feeds the ready pod addresses the cluster reports (EndpointSlices) into the proxy's routes, so AppLauncher routes
/// to pods directly and need not run inside the cluster. Only revisions the proxy serves are updated. An address
/// that stays keeps its <see cref="InstanceEndpoint"/>, so its in-flight count carries over.
/// </summary>
internal sealed class RouteTableEndpointSink(RouteTable routes) : IEndpointSink
{
    public void ReplaceEndpoints(string app, string revision, IReadOnlyList<RuntimeEndpoint> endpoints)
    {
        var known = routes.Find(revision)?.Endpoints ?? [];
        routes.ReplaceEndpoints(revision, [.. endpoints.Select(e =>
            known.FirstOrDefault(k => k.InstanceId == e.InstanceId && k.Address == e.Address) ?? new InstanceEndpoint(e.InstanceId, e.Address))]);
    }
}
