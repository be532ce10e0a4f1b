using System.Collections.Concurrent;

namespace AppLauncher.Proxy;

/// <summary>App → route. Readers on the proxy's hot path take a snapshot without locking.</summary>
public sealed class RouteTable
{
    private readonly ConcurrentDictionary<string, AppRoute> _routes = new(StringComparer.Ordinal);

    public AppRoute? Find(string app) => _routes.GetValueOrDefault(app);

    /// <summary>Points the app at a new route; returns the route it replaced, whose endpoints the caller drains.</summary>
    public AppRoute? Set(AppRoute route)
    {
        AppRoute? previous = null;
        _routes.AddOrUpdate(route.App, route, (_, old) =>
        {
            previous = old;
            return route;
        });
        return previous;
    }

    /// <summary>Makes the app known to the proxy (with no endpoints) unless it already has a route.</summary>
    public void AddIfMissing(string app) => _routes.TryAdd(app, AppRoute.Empty(app));

    public AppRoute? Remove(string app) => _routes.TryRemove(app, out var route) ? route : null;
}
