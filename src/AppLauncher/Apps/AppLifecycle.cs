using AppLauncher.Core.Config;
using AppLauncher.Core.Domains;
using AppLauncher.Runtime;
using AppLauncher.Store;

namespace AppLauncher.Apps;

/// <summary>Creates and deletes apps, and tells every <see cref="IAppLifecycleHook"/> about it.</summary>
internal sealed partial class AppLifecycle(
    IStore store,
    IIdentityStore identity,
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

        // The team host too: an app of an opted-in team is known by it, so it must be a DNS name as well.
        if (teamDomains.Refuse(app, team ?? Teams.Default) is { } error)
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

    /// <summary>
    /// Opts <paramref name="team"/> in to team domains (<c>domains.teamTemplate</c>, <paramref name="byTeam"/>) or out, and tells the hooks of
    /// every app whose host changes, so its DNS records and certificates move with it. Refused, changing nothing, when
    /// one of the team's apps would get a host that is not a DNS name (label over 63, name over 253).
    /// </summary>
    public async Task<TeamDomainsChange> SetTeamDomainsAsync(string team, bool byTeam, CancellationToken cancellationToken)
    {
        var apps = (await store.ListAppsAsync(cancellationToken)).Where(a => a.Team == team).Select(a => a.Name).ToList();
        if (byTeam)
        {
            foreach (var app in apps)
            {
                if (namer.HostFor(app, team).Error is { } error)
                {
                    return new TeamDomainsChange(true, $"The app '{app}' of team '{team}' cannot be named by domains.teamTemplate: {error}, or keep this team at {{app}}.{{domain}}.");
                }
            }
        }

        if (!await identity.SetTeamDomainsAsync(team, byTeam, cancellationToken))
        {
            return new TeamDomainsChange(false, null);
        }

        var before = apps.ToDictionary(a => a, teamDomains.HostOf, StringComparer.Ordinal);
        teamDomains.Set(team, byTeam);
        foreach (var app in apps)
        {
            var host = teamDomains.HostOf(app);
            if (host != before[app])
            {
                Log.HostChanged(logger, app, before[app], host);
                await RunHooksAsync(app, "renamed", hook => hook.OnHostChangedAsync(app, before[app], host, cancellationToken));
            }
        }

        return new TeamDomainsChange(true, null);
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

        [LoggerMessage(4, LogLevel.Information, "App {App} is now {Host} (was {Old})")]
        public static partial void HostChanged(ILogger logger, string app, string old, string host);

        [LoggerMessage(3, LogLevel.Error, "{Hook} failed on app {App} {Event}")]
        public static partial void HookFailed(ILogger logger, string hook, string @event, string app, Exception exception);
    }
}
