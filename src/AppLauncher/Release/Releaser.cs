using AppLauncher.Core.Config;
using AppLauncher.Proxy;
using AppLauncher.Runtime;
using AppLauncher.Store;

namespace AppLauncher.Release;

/// <summary>
/// Puts a revision live without dropping a request: start its instance, wait until it answers, move traffic,
/// then drain the old instances (stop routing, wait for in-flight requests, SIGTERM, grace, SIGKILL).
/// </summary>
internal sealed partial class Releaser(IRuntime runtime, RouteTable routes, PlatformConfig config, TimeProvider time, ILogger<Releaser> logger)
{
    /// <summary>
    /// Starts <paramref name="revision"/> and routes the app to it. On failure the old route is untouched.
    /// <paramref name="port"/> is the app's own port (its launcher.yaml), when it names one.
    /// </summary>
    public async Task<Instance> ReleaseAsync(RevisionRecord revision, Func<string, Task> progress, CancellationToken cancellationToken, int? port = null)
    {
        var instance = await runtime.StartAsync(new InstanceSpec(revision.App, revision.Name, revision.Image, new Dictionary<string, string>(), port ?? config.Deploy.AppPort), cancellationToken);
        var started = time.GetTimestamp();
        try
        {
            await runtime.WaitReadyAsync(instance, TimeSpan.FromSeconds(config.Deploy.ReadyTimeoutSeconds), cancellationToken);
        }
        catch
        {
            // Keep nothing of a revision that never became ready: the old one keeps serving.
            await runtime.RemoveAsync(instance, TimeSpan.Zero, CancellationToken.None);
            throw;
        }

        await progress($"ready in {time.GetElapsedTime(started).TotalSeconds:0.0} s");
        instance = await runtime.EnsureRunningAsync(instance, cancellationToken);
        var previous = routes.Set(new AppRoute(revision.App, revision.Name, [new InstanceEndpoint(instance.Id, instance.Endpoint!)]));
        if (previous is { Endpoints.Count: > 0 })
        {
            _ = Task.Run(() => DrainAsync(previous, CancellationToken.None), CancellationToken.None);
        }

        // Instances left from an interrupted deploy (or a crash) belong to no route: remove them too.
        var current = previous?.Endpoints.Select(e => e.InstanceId).ToHashSet() ?? [];
        foreach (var stale in (await runtime.ListAsync(revision.App, cancellationToken)).Where(i => i.Id != instance.Id && !current.Contains(i.Id)))
        {
            await runtime.RemoveAsync(stale, TimeSpan.FromSeconds(config.Deploy.StopGraceSeconds), cancellationToken);
        }

        return instance;
    }

    /// <summary>Routes the app to instances that already run (after a restart of AppLauncher), starting one if none does.</summary>
    public async Task RestoreAsync(RevisionRecord revision, CancellationToken cancellationToken)
    {
        var instances = (await runtime.ListAsync(revision.App, cancellationToken)).Where(i => i.Revision == revision.Name).ToList();
        var endpoints = new List<InstanceEndpoint>();
        foreach (var instance in instances)
        {
            var running = await runtime.EnsureRunningAsync(instance, cancellationToken);
            await runtime.WaitReadyAsync(running, TimeSpan.FromSeconds(config.Deploy.ReadyTimeoutSeconds), cancellationToken);
            endpoints.Add(new InstanceEndpoint(running.Id, running.Endpoint!));
        }

        if (endpoints.Count == 0)
        {
            await ReleaseAsync(revision, _ => Task.CompletedTask, cancellationToken);
            return;
        }

        routes.Set(new AppRoute(revision.App, revision.Name, endpoints));
        Log.Restored(logger, revision.App, revision.Name, endpoints.Count);
    }

    private async Task DrainAsync(AppRoute old, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + TimeSpan.FromSeconds(config.Deploy.DrainTimeoutSeconds);
        while (old.Endpoints.Any(e => e.InFlight > 0) && time.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken);
        }

        foreach (var endpoint in old.Endpoints)
        {
            try
            {
                var instance = new Instance(endpoint.InstanceId, old.App, old.Revision ?? "", endpoint.Address, Running: true);
                await runtime.RemoveAsync(instance, TimeSpan.FromSeconds(config.Deploy.StopGraceSeconds), cancellationToken);
            }
            catch (Exception e)
            {
                Log.DrainFailed(logger, old.Revision ?? old.App, endpoint.InstanceId, e);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Restored route of {App} to {Revision} ({Count} instances)")]
        public static partial void Restored(ILogger logger, string app, string revision, int count);

        [LoggerMessage(2, LogLevel.Warning, "Could not remove instance {InstanceId} of {Revision} after draining")]
        public static partial void DrainFailed(ILogger logger, string revision, string instanceId, Exception exception);
    }
}
