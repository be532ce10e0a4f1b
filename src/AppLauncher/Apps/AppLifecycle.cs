using AppLauncher.Core.Config;
using AppLauncher.Core.Domains;
using AppLauncher.Git;
using AppLauncher.Proxy;
using AppLauncher.Runtime;
using AppLauncher.Store;

namespace AppLauncher.Apps;

/// <summary>Creates and deletes apps, and tells every <see cref="IAppLifecycleHook"/> about it.</summary>
internal sealed partial class AppLifecycle(
    IStore store,
    IRuntime runtime,
    RouteTable routes,
    DomainTable domains,
    GitRepositories repositories,
    DomainNamer namer,
    PlatformConfig config,
    IEnumerable<IAppLifecycleHook> hooks,
    TimeProvider time,
    ILogger<AppLifecycle> logger)
{
    private readonly IAppLifecycleHook[] _hooks = [.. hooks];

    /// <summary>Creates the app unless it exists; returns true when it was created. Throws <see cref="AppNameRefusedException"/> for a name the platform refuses.</summary>
    public async Task<bool> EnsureCreatedAsync(string app, CancellationToken cancellationToken)
    {
        if (await store.GetAppAsync(app, cancellationToken) is not null)
        {
            routes.AddIfMissing(app);
            return false;
        }

        if (namer.Refuse(app) is { } error)
        {
            throw new AppNameRefusedException(error);
        }

        await store.EnsureAppAsync(app, time.GetUtcNow(), cancellationToken);
        routes.AddIfMissing(app);
        Log.Created(logger, app);
        foreach (var hook in _hooks)
        {
            try
            {
                await hook.OnCreatedAsync(app, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.HookFailed(logger, hook.GetType().Name, "created", app, e);
            }
        }

        return true;
    }

    /// <summary>
    /// Deletes the app: its instances, its route and custom domains in the proxy, its git repository, its rows in
    /// the store, then the hooks (DNS records…). False when there is no such app.
    /// </summary>
    public async Task<bool> DeleteAsync(string app, bool deploying, CancellationToken cancellationToken)
    {
        if (await store.GetAppAsync(app, cancellationToken) is null)
        {
            return false;
        }

        if (deploying)
        {
            throw new AppBusyException($"{app} is being deployed: wait until the push finishes, then delete it again.");
        }

        foreach (var instance in await runtime.ListAsync(app, cancellationToken))
        {
            await runtime.RemoveAsync(instance, TimeSpan.FromSeconds(config.Deploy.StopGraceSeconds), cancellationToken);
        }

        routes.Remove(app);
        domains.RemoveApp(app);
        repositories.Delete(app);
        await store.DeleteAppAsync(app, cancellationToken);
        Log.Deleted(logger, app);
        foreach (var hook in _hooks)
        {
            try
            {
                await hook.OnDeletedAsync(app, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.HookFailed(logger, hook.GetType().Name, "deleted", app, e);
            }
        }

        return true;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Created app {App}")]
        public static partial void Created(ILogger logger, string app);

        [LoggerMessage(2, LogLevel.Information, "Deleted app {App}")]
        public static partial void Deleted(ILogger logger, string app);

        [LoggerMessage(3, LogLevel.Error, "{Hook} failed on app {App} {Event}")]
        public static partial void HookFailed(ILogger logger, string hook, string @event, string app, Exception exception);
    }
}
