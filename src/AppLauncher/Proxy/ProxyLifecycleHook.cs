using AppLauncher.Apps;

namespace AppLauncher.Proxy;

/// <summary>A new app gets its (empty) route; a deleted one leaves the route and domain tables before its instances go.</summary>
internal sealed class ProxyLifecycleHook(RouteTable routes, DomainTable domains) : IAppLifecycleHook
{
    public Task OnCreatedAsync(string app, CancellationToken cancellationToken)
    {
        routes.AddIfMissing(app);
        return Task.CompletedTask;
    }

    public Task OnDeletingAsync(string app, CancellationToken cancellationToken)
    {
        routes.RemoveApp(app);
        domains.RemoveApp(app);
        return Task.CompletedTask;
    }

    public Task OnDeletedAsync(string app, CancellationToken cancellationToken) => Task.CompletedTask;
}
