using AppLauncher.Proxy;
using AppLauncher.Release;
using AppLauncher.Store;

namespace AppLauncher.Release;

/// <summary>
/// At start-up, serves every revision an app's traffic names again with the instances that still run (the
/// autoscaler starts more as needed), then routes the app's traffic as before.
/// </summary>
internal sealed partial class RouteRestorer(IStore store, Releaser releaser, TrafficService traffic, RouteTable routes, ILogger<RouteRestorer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var app in await store.ListAppsAsync(stoppingToken))
        {
            routes.AddIfMissing(app.Name);
            if (app.CurrentRevision is { } latest && await store.GetRevisionAsync(latest, stoppingToken) is { NoWeb: true })
            {
                routes.SetTraffic(app.Name, Core.Traffic.ResolvedTraffic.None, noWeb: true);
                continue;
            }

            var resolved = (await traffic.GetPlanAsync(app.Name, stoppingToken)).Resolve(app.CurrentRevision);
            foreach (var name in resolved.Revisions)
            {
                if (await store.GetRevisionAsync(name, stoppingToken) is not { } revision)
                {
                    continue;
                }

                try
                {
                    await releaser.RestoreAsync(revision, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Log.RestoreFailed(logger, app.Name, revision.Name, e);
                    routes.SetRevision(new RevisionRoute(app.Name, revision.Name, []));
                }
            }

            routes.SetTraffic(app.Name, resolved);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Could not restore {App} ({Revision}): push again, or read its logs")]
        public static partial void RestoreFailed(ILogger logger, string app, string revision, Exception exception);
    }
}
