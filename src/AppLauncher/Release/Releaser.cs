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
    /// Starts <paramref name="instances"/> instances of <paramref name="revision"/> and routes the app to them once all
    /// answer. On failure every new instance is removed and the old route is untouched.
    /// </summary>
    public async Task ReleaseAsync(RevisionRecord revision, int instances, Func<string, Task> progress, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var spec = RevisionInstances.Spec(revision, config);
        var starts = Enumerable.Range(0, Math.Max(1, instances)).Select(_ => StartReadyAsync(spec, cancellationToken)).ToList();
        try
        {
            await Task.WhenAll(starts);
        }
        catch
        {
            // Keep nothing of a revision that never became ready: the old one keeps serving.
            foreach (var start in starts.Where(s => s.IsCompletedSuccessfully))
            {
                await runtime.RemoveAsync(start.Result, TimeSpan.Zero, CancellationToken.None);
            }

            throw starts.First(s => s.IsFaulted).Exception!.InnerException!;
        }

        var ready = starts.Select(s => s.Result).ToList();
        await progress($"{ready.Count} instance{(ready.Count == 1 ? "" : "s")} ready in {time.GetElapsedTime(started).TotalSeconds:0.0} s");
        var previous = routes.Set(new AppRoute(revision.App, revision.Name, [.. ready.Select(i => new InstanceEndpoint(i.Id, i.Endpoint!))]));
        if (previous is { Endpoints.Count: > 0 })
        {
            _ = Task.Run(() => DrainAsync(previous, CancellationToken.None), CancellationToken.None);
        }

        // Instances left from an interrupted deploy (or a crash), or idle ones of older revisions, belong to no route.
        var keep = ready.Select(i => i.Id).Concat(previous?.Endpoints.Select(e => e.InstanceId) ?? []).ToHashSet();
        // Best effort: the release has happened; a container another drain is already removing is no failure.
        foreach (var stale in (await runtime.ListAsync(revision.App, cancellationToken)).Where(i => !keep.Contains(i.Id)))
        {
            try
            {
                await runtime.RemoveAsync(stale, TimeSpan.FromSeconds(config.Deploy.StopGraceSeconds), cancellationToken);
            }
            catch (Docker.DockerException e)
            {
                Log.DrainFailed(logger, stale.Revision, stale.Id, e);
            }
        }
    }

    private async Task<Instance> StartReadyAsync(InstanceSpec spec, CancellationToken cancellationToken)
    {
        var instance = await runtime.StartAsync(spec, cancellationToken);
        try
        {
            await runtime.WaitReadyAsync(instance, TimeSpan.FromSeconds(config.Deploy.ReadyTimeoutSeconds), cancellationToken, spec.HealthPath);
            return await runtime.EnsureRunningAsync(instance, cancellationToken);
        }
        catch
        {
            await runtime.RemoveAsync(instance, TimeSpan.Zero, CancellationToken.None);
            throw;
        }
    }

    /// <summary>
    /// Routes the app to instances of its current revision that still serve (after a restart of AppLauncher).
    /// Paused and stopped ones stay idle: the autoscaler resumes them when traffic or the minimum asks for it.
    /// </summary>
    public async Task RestoreAsync(RevisionRecord revision, CancellationToken cancellationToken)
    {
        var instances = (await runtime.ListAsync(revision.App, cancellationToken)).Where(i => i.Revision == revision.Name && i.Serving).ToList();
        var endpoints = new List<InstanceEndpoint>();
        foreach (var instance in instances)
        {
            await runtime.WaitReadyAsync(instance, TimeSpan.FromSeconds(config.Deploy.ReadyTimeoutSeconds), cancellationToken, revision.HealthPath);
            endpoints.Add(new InstanceEndpoint(instance.Id, instance.Endpoint!));
        }

        routes.Set(new AppRoute(revision.App, revision.Name, endpoints));
        Log.Restored(logger, revision.App, revision.Name, endpoints.Count);
    }

    /// <summary>Stops routing is the caller's job; this waits for in-flight requests, then stops and removes the instances.</summary>
    public Task DrainAsync(AppRoute old, CancellationToken cancellationToken) => DrainAsync(old.App, old.Revision ?? "", old.Endpoints, cancellationToken);

    public async Task DrainAsync(string app, string revision, IReadOnlyList<InstanceEndpoint> endpoints, CancellationToken cancellationToken)
    {
        await WaitIdleAsync(endpoints, cancellationToken);
        foreach (var endpoint in endpoints)
        {
            try
            {
                var instance = new Instance(endpoint.InstanceId, app, revision, endpoint.Address, Running: true);
                await runtime.RemoveAsync(instance, TimeSpan.FromSeconds(config.Deploy.StopGraceSeconds), cancellationToken);
            }
            catch (Exception e)
            {
                Log.DrainFailed(logger, revision, endpoint.InstanceId, e);
            }
        }
    }

    /// <summary>Waits (at most the drain timeout) until no request is in flight on <paramref name="endpoints"/>.</summary>
    public async Task WaitIdleAsync(IReadOnlyList<InstanceEndpoint> endpoints, CancellationToken cancellationToken)
    {
        // A request may have picked an endpoint just before it left the route: give it a moment to register.
        await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
        var deadline = time.GetUtcNow() + TimeSpan.FromSeconds(config.Deploy.DrainTimeoutSeconds);
        while (endpoints.Any(e => e.InFlight > 0) && time.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken);
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
