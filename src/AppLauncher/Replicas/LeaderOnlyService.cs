using AppLauncher.Store;

namespace AppLauncher.Replicas;

/// <summary>
/// Runs a singleton background service only while this replica holds the leader lease: started when the lease is
/// taken, stopped when it is lost, started again when it is taken back. Alone on a SQLite store it is simply started
/// with the host, as before.
/// </summary>
internal sealed partial class LeaderOnlyService<T>(T inner, ILeaderLease lease, ILogger<LeaderOnlyService<T>> logger) : BackgroundService
    where T : IHostedService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (lease.Sole)
        {
            await inner.StartAsync(cancellationToken);
            return;
        }

        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        if (lease.Sole)
        {
            await inner.StopAsync(cancellationToken);
            return;
        }

        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await lease.WaitAcquiredAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await inner.StartAsync(stoppingToken);
            Log.Started(logger, typeof(T).Name);
            try
            {
                await lease.WaitLostAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                // The host stops: the inner service is stopped below, like any other.
            }

            await inner.StopAsync(CancellationToken.None);
            Log.Stopped(logger, typeof(T).Name);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "{Service} runs on this replica (the leader)")]
        public static partial void Started(ILogger logger, string service);

        [LoggerMessage(2, LogLevel.Information, "{Service} stopped on this replica (no longer the leader)")]
        public static partial void Stopped(ILogger logger, string service);
    }
}
