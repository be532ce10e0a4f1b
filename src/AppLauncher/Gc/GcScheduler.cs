using AppLauncher.Core.Config;

namespace AppLauncher.Gc;

/// <summary>Collects every <c>gc.intervalMinutes</c> (0: only after deploys), on the injected clock.</summary>
internal sealed partial class GcScheduler(ImageCollector collector, PlatformConfig config, TimeProvider time, ILogger<GcScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (config.Gc.IntervalMinutes == 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(config.Gc.IntervalMinutes), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await collector.CollectAsync(dryRun: false, stoppingToken);
                }
                catch (Exception e) when (e is global::Docker.DotNet.DockerApiException or HttpRequestException or IOException or TimeoutException)
                {
                    Log.Failed(logger, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Scheduled garbage collection failed: {Reason}; the next runs on schedule")]
        public static partial void Failed(ILogger logger, string reason);
    }
}
