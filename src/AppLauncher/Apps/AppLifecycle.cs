using AppLauncher.Core.Config;
using AppLauncher.Core.Domains;
using AppLauncher.Runtime;
using AppLauncher.Store;

namespace AppLauncher.Apps;

/// <summary>Creates and deletes apps, and tells every <see cref="IAppLifecycleHook"/> about it.</summary>
internal sealed partial class AppLifecycle(
    IStore store,
    IRuntime runtime,
    DomainNamer namer,
    TeamDomainSet teamDomains,
    AppLocks locks,
    PlatformConfig config,
    IEnumerable<IAppLifecycleHook> hooks,
    TimeProvider time,
    ILogger<AppLifecycle> logger)
{
    private readonly IAppLifecycleHook[] _hooks = [.. hooks];

    /// <summary>Creates the app unless it exists; returns true when it was created. Throws <see cref="AppNameRefusedException"/> for a name the platform refuses.</summary>
    /// <remarks>A new app belongs to <paramref name="team"/> (the default team when null); an existing one keeps its team.</remarks>
    public async Task<bool> EnsureCreatedAsync(string app, CancellationToken cancellationToken, string? team = null)
    {
        if (await store.GetAppAsync(app, cancellationToken) is not null)
        {
            return false;
        }

        if (namer.Refuse(app) is { } error)
        {
            throw new AppNameRefusedException(error);
        }

        await store.EnsureAppAsync(app, time.GetUtcNow(), cancellationToken, team);
        teamDomains.SetApp(app, team ?? Teams.Default);
        Log.Created(logger, app);
        await RunHooksAsync(app, "created", hook => hook.OnCreatedAsync(app, cancellationToken));
        return true;
    }

    /// <summary>
    /// Deletes the app: the hooks stop sending it work (its routes and custom domains leave the proxy), the runtime
    /// removes what it runs, the store forgets it, then the hooks clean up (git repository, DNS records…). False when
    /// there is no such app.
    /// </summary>
    public async Task<bool> DeleteAsync(string app, CancellationToken cancellationToken)
    {
        if (await store.GetAppAsync(app, cancellationToken) is null)
        {
            return false;
        }

        if (locks.IsHeld(app))
        {
            throw new AppBusyException($"{app} is being deployed (or rolled back): wait until that finishes, then delete it again.");
        }

        // Holding the app's lock keeps deploys and the autoscaler away while its instances go.
        using (await locks.AcquireAsync(app, () => Task.CompletedTask, cancellationToken))
        {
            await RunHooksAsync(app, "deleting", hook => hook.OnDeletingAsync(app, cancellationToken));
            await runtime.DeleteAppAsync(app, TimeSpan.FromSeconds(config.Deploy.StopGraceSeconds), cancellationToken);
            await store.DeleteAppAsync(app, cancellationToken);
            teamDomains.RemoveApp(app);
        }

        Log.Deleted(logger, app);
        await RunHooksAsync(app, "deleted", hook => hook.OnDeletedAsync(app, cancellationToken));
        return true;
    }

    /// <summary>Tells every hook; one that fails is logged and does not stop the others.</summary>
    private async Task RunHooksAsync(string app, string what, Func<IAppLifecycleHook, Task> notify)
    {
        foreach (var hook in _hooks)
        {
            try
            {
                await notify(hook);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.HookFailed(logger, hook.GetType().Name, what, app, e);
            }
        }
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
