using System.Collections.Concurrent;

namespace AppLauncher.Proxy;

/// <summary>App → route. Readers on the proxy's hot path take a snapshot without locking; writers swap whole routes.</summary>
public sealed class RouteTable
{
    private readonly ConcurrentDictionary<string, AppRoute> _routes = new(StringComparer.Ordinal);

    /// <summary>Raised after a route changes (the activator releases held requests when endpoints appear).</summary>
    public event Action<AppRoute>? Changed;

    public AppRoute? Find(string app) => _routes.GetValueOrDefault(app);

    public IReadOnlyCollection<AppRoute> All => [.. _routes.Values];

    /// <summary>Points the app at a new route; returns the route it replaced, whose endpoints the caller drains.</summary>
    public AppRoute? Set(AppRoute route)
    {
        AppRoute? previous = null;
        _routes.AddOrUpdate(route.App, route, (_, old) =>
        {
            previous = old;
            return route;
        });
        Changed?.Invoke(route);
        return previous;
    }

    /// <summary>Makes the app known to the proxy (with no endpoints) unless it already has a route.</summary>
    public void AddIfMissing(string app) => _routes.TryAdd(app, AppRoute.Empty(app));

    /// <summary>Adds a ready endpoint if the app still routes to <paramref name="revision"/>; false when a deploy moved on.</summary>
    public bool AddEndpoint(string app, string revision, InstanceEndpoint endpoint) =>
        Update(app, revision, route => route with { Endpoints = [.. route.Endpoints, endpoint] }) is not null;

    /// <summary>Stops routing to the given instances; returns the endpoints removed, for draining.</summary>
    public IReadOnlyList<InstanceEndpoint> RemoveEndpoints(string app, string revision, IReadOnlySet<string> instanceIds)
    {
        var route = Find(app);
        var removed = route?.Endpoints.Where(e => instanceIds.Contains(e.InstanceId)).ToList() ?? [];
        return Update(app, revision, r => r with { Endpoints = [.. r.Endpoints.Where(e => !instanceIds.Contains(e.InstanceId))] }) is null ? [] : removed;
    }

    public AppRoute? Remove(string app) => _routes.TryRemove(app, out var route) ? route : null;

    private AppRoute? Update(string app, string revision, Func<AppRoute, AppRoute> change)
    {
        while (_routes.TryGetValue(app, out var current))
        {
            if (current.Revision != revision)
            {
                return null;
            }

            var updated = change(current);
            if (_routes.TryUpdate(app, updated, current))
            {
                Changed?.Invoke(updated);
                return updated;
            }
        }

        return null;
    }
}
