using AppLauncher.Core.Traffic;
using AppLauncher.Proxy;

namespace AppLauncher.Tests.Proxy;

internal static class RouteTableTestExtensions
{
    /// <summary>Serves one revision with these endpoints and sends all of the app's requests to it (what a deploy ends with).</summary>
    public static void RouteAll(this RouteTable routes, string app, string revision, params InstanceEndpoint[] endpoints)
    {
        routes.SetRevision(new RevisionRoute(app, revision, endpoints));
        routes.SetTraffic(app, TrafficPlan.Default.Resolve(revision));
    }
}
