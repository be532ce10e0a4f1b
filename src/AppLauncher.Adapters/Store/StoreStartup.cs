using Microsoft.Extensions.Logging;

namespace AppLauncher.Store;

/// <summary>
/// Migrates the store at start, waiting for a database that is not up yet (a server and its PostgreSQL started
/// together, or the database restarting): unreachable is retried with back-off until <c>store.startTimeoutSeconds</c>;
/// anything else (a newer schema, a wrong key) fails at once, since waiting cannot fix it.
/// </summary>
public static class StoreStartup
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(5);

    public static async Task MigrateAsync(IStore store, TimeSpan timeout, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var pause = FirstPause;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await store.MigrateAsync(cancellationToken);
                if (attempt > 1)
                {
                    logger.LogInformation("The store answered after {Attempts} attempts ({Seconds:0.0} s).", attempt, time.GetElapsedTime(started).TotalSeconds);
                }

                return;
            }
            catch (StoreException e) when (e.Unavailable)
            {
                var waited = time.GetElapsedTime(started);
                if (waited + pause > timeout)
                {
                    throw new StoreException(
                        $"{e.Message} Gave up after {attempt} attempts in {waited.TotalSeconds:0} s (store.startTimeoutSeconds is {timeout.TotalSeconds:0}).", e.InnerException, unavailable: true);
                }

                logger.LogWarning("Waiting for the store (attempt {Attempt}, {Seconds:0} s of {Timeout:0} s): {Reason}", attempt, waited.TotalSeconds, timeout.TotalSeconds, e.Message);
                await Task.Delay(pause, time, cancellationToken);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
            }
        }
    }
}
