namespace AppLauncher.Observability.Logs;

internal sealed partial class LogCollector
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Could not list the containers to collect the output of ({Reason}); trying again in a few seconds")]
        public static partial void ListFailed(ILogger logger, string reason);

        [LoggerMessage(2, LogLevel.Warning, "Stopped collecting the output of container {ContainerId} of {App}: {Reason}")]
        public static partial void FollowFailed(ILogger logger, string containerId, string app, string reason);

        [LoggerMessage(3, LogLevel.Debug, "Collecting the output of container {ContainerId} of {App} ({Instance}) from {Since}")]
        public static partial void Following(ILogger logger, string containerId, string app, string instance, DateTimeOffset? since);

        [LoggerMessage(4, LogLevel.Debug, "The output of container {ContainerId} of {App} ended")]
        public static partial void FollowEnded(ILogger logger, string containerId, string app);
    }
}
