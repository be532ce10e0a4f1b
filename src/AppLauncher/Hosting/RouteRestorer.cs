using AppLauncher.Proxy;
using AppLauncher.Release;
using AppLauncher.Store;

namespace AppLauncher.Hosting;

/// <summary>At start-up, routes every deployed app to its current revision's instances again (starting them if needed).</summary>
internal sealed partial class RouteRestorer(IStore store, Releaser releaser, RouteTable routes, ILogger<RouteRestorer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var app in await store.ListAppsAsync(stoppingToken))
        {
            routes.AddIfMissing(app.Name);
            if (app.CurrentRevision is null || await store.GetRevisionAsync(app.CurrentRevision, stoppingToken) is not { } revision)
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
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Could not restore {App} ({Revision}): push again, or read its logs")]
        public static partial void RestoreFailed(ILogger logger, string app, string revision, Exception exception);
    }
}
