using AppLauncher.Core.Alerts;
using AppLauncher.Core.Config;
using AppLauncher.Observability;
using AppLauncher.Proxy;
using AppLauncher.Runtime;

namespace AppLauncher.Autoscaling;

/// <summary>
/// Replaces instances that end without being asked to, as the kubelet restarts a pod. An instance that ends while it
/// is in its revision's route crashed (or was killed): it leaves the route at once, so new requests are held by the
/// activator as on a cold start instead of reaching a dead port; its end is counted in <see cref="CrashLoops"/> with its
/// exit code and last output; its container is removed; and the autoscaler is asked to decide now, which starts a
/// replacement unless the revision is backing off. Ends of instances not in a route (a scale-in, a drain, a start that
/// failed) were asked for, or are counted by whoever started them.
/// </summary>
internal sealed partial class InstanceSupervisor(
    RouteTable routes, IRuntime runtime, CrashLoops crashes, ScaleRequests requests, AutoscalerMetrics metrics, PlatformEvents events, PlatformConfig config, ILogger<InstanceSupervisor> logger) : IInstanceFailureSink
{
    private const int OutputLines = 20;

    public void InstanceEnded(InstanceFailure failure)
    {
        if (routes.RemoveEndpoints(failure.Revision, new HashSet<string>(StringComparer.Ordinal) { failure.InstanceId }) is not { Count: > 0 } removed)
        {
            return;
        }

        _ = Task.Run(() => ReplaceAsync(failure, removed[0]));
    }

    private async Task ReplaceAsync(InstanceFailure failure, InstanceEndpoint endpoint)
    {
        // Counted and asked for first, its output read after: the replacement's start waits neither for the engine
        // to hand over the logs (seconds on a loaded machine) nor for the removal, and a crash loop still backs off.
        var state = crashes.Record(failure.Revision, failure.ExitCode, failure.OutOfMemory, "");
        requests.Request(failure.Revision);
        metrics.Crashed(failure.App, failure.Revision);
        if (state.CrashLooping(failure.At))
        {
            events.Publish(new PlatformEvent(PlatformEventKind.CrashLoop, failure.App, failure.Revision,
                $"{failure.App} ({failure.Revision}) keeps crashing: exit code {failure.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}{(failure.OutOfMemory ? " (out of memory)" : "")}, {state.Crashes} crashes in a row; see 'launcher logs {failure.App}'", failure.At));
        }

        Log.Crashed(logger, failure.App, failure.Revision, failure.ExitCode, failure.OutOfMemory ? " (out of memory)" : "", state.Crashes, (state.NextStartAt - failure.At).TotalSeconds);

        var instance = new Instance(failure.InstanceId, failure.App, failure.Revision, endpoint.Address, Running: false);
        string output;
        try
        {
            output = await runtime.LogsAsync(instance, OutputLines, CancellationToken.None);
        }
        catch (Exception e)
        {
            output = $"(its output could not be read: {e.Message})";
        }

        crashes.SetOutput(failure.Revision, state, output);
        try
        {
            await runtime.RemoveAsync(instance, TimeSpan.FromSeconds(config.Deploy.StopGraceSeconds), CancellationToken.None);
        }
        catch (Exception e)
        {
            Log.RemoveFailed(logger, failure.Revision, failure.InstanceId, e.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "An instance of {App} ({Revision}) ended with exit code {ExitCode}{OutOfMemory}: crash {Crashes} in a row, replaced in {Delay:0} s")]
        public static partial void Crashed(ILogger logger, string app, string revision, int? exitCode, string outOfMemory, int crashes, double delay);

        [LoggerMessage(2, LogLevel.Warning, "Could not remove the ended instance {InstanceId} of {Revision}: {Reason}")]
        public static partial void RemoveFailed(ILogger logger, string revision, string instanceId, string reason);
    }
}
