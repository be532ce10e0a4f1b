namespace AppLauncher.Observability.Logs;

internal sealed partial class LogCollector
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Could not list the containers to collect the output of ({Reason}); trying again in a few seconds")]
        public static partial void ListFailed(ILogger logger, string reason);

        [LoggerMessage(2, LogLevel.Warning, "Stopped collecting the output of container {ContainerId} of {App}: {Reason}")]
        public static partial void FollowFailed(ILogger logger, string containerId, string app, string reason);
    }
}
