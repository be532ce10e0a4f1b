using AppLauncher.Core.Config;
using AppLauncher.Core.Traffic;
using AppLauncher.Proxy;
using AppLauncher.Runtime;
using AppLauncher.Store;

namespace AppLauncher.Release;

/// <summary>
/// Puts revisions live without dropping a request: start a revision's instances and wait until they answer
/// (<see cref="StartAsync"/>), move the app's traffic (<see cref="ApplyAsync"/>), then drain the revisions that no
/// longer take part: stop routing, wait for in-flight requests, SIGTERM, grace, SIGKILL.
/// </summary>
internal sealed partial class Releaser(IRuntime runtime, RouteTable routes, RevisionInstances specs, HttpsPolicy https, PlatformConfig config, TimeProvider time, ILogger<Releaser> logger)
{
    /// <summary>
    /// Starts <paramref name="instances"/> instances of <paramref name="revision"/> and, once all answer, adds them to
    /// the revision's route (which takes traffic only when the app's traffic names it). On failure every new
    /// instance is removed and nothing else changes.
    /// </summary>
    public async Task StartAsync(RevisionRecord revision, int instances, Func<string, Task> progress, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var spec = await specs.SpecAsync(revision, cancellationToken);
        // A runtime that manages replicas itself (Kubernetes: the HPA) is asked for one; it scales from there.
        var count = runtime.ManagesReplicas ? 1 : Math.Max(1, instances);
        var starts = Enumerable.Range(0, count).Select(_ => StartReadyAsync(spec, cancellationToken)).ToList();
        try
        {
            await Task.WhenAll(starts);
        }
        catch
        {
            // Keep nothing of a revision that never became ready: what serves keeps serving.
            foreach (var start in starts.Where(s => s.IsCompletedSuccessfully))
            {
                await runtime.RemoveAsync(start.Result, TimeSpan.Zero, CancellationToken.None);
            }

            throw starts.First(s => s.IsFaulted).Exception!.InnerException!;
        }

        var ready = starts.Select(s => s.Result).ToList();
        await progress($"{ready.Count} instance{(ready.Count == 1 ? "" : "s")} ready in {time.GetElapsedTime(started).TotalSeconds:0.0} s");
        RememberHttps(revision);
        routes.AddEndpoints(revision.App, revision.Name, [.. ready.Select(i => new InstanceEndpoint(i.Id, i.Endpoint!))]);
    }

    /// <summary>The revision's own redirect and HSTS (its launcher.yaml's <c>https:</c>), for the proxy while it serves.</summary>
    private void RememberHttps(RevisionRecord revision)
    {
        AppHttpsSettings settings;
        try
        {
            var own = RevisionInstances.AppConfigOf(revision)?.Https;
            settings = new AppHttpsSettings(own?.Redirect, own?.HstsMaxAgeSeconds);
        }
        catch (FormatException)
        {
            settings = new AppHttpsSettings(null, null); // a revision stored before validation tightened: the platform's settings
        }

        https.Set(revision.Name, settings);
    }

    /// <summary>True when the proxy routes to the revision (it may be at zero).</summary>
    public bool Serves(string revision) => routes.Find(revision) is not null;

    /// <summary>
    /// Spreads the app's requests as <paramref name="traffic"/> says. Every revision it names must be served
    /// already (<see cref="StartAsync"/>, or a route at zero that the activator wakes); revisions of the app it no
    /// longer names stop being routed and are drained in the background; instances that belong to no served
    /// revision (an interrupted deploy, a crash) are removed.
    /// </summary>
    /// <remarks><paramref name="noWeb"/>: the app's latest revision has no web process (<paramref name="traffic"/> is then none).</remarks>
    public async Task ApplyAsync(string app, ResolvedTraffic traffic, CancellationToken cancellationToken, bool noWeb = false)
    {
        var wanted = traffic.Revisions;
        foreach (var revision in wanted.Where(r => routes.Find(r) is null))
        {
            routes.SetRevision(new RevisionRoute(app, revision, []));
        }

        routes.SetTraffic(app, traffic, noWeb);
        var leaving = routes.OfApp(app).Where(r => !wanted.Contains(r.Revision)).Select(r => routes.RemoveRevision(r.Revision)).OfType<RevisionRoute>().ToList();
        foreach (var old in leaving.Where(r => r.Endpoints.Count > 0))
        {
            _ = Task.Run(() => DrainAsync(old, CancellationToken.None), CancellationToken.None);
        }

        var draining = leaving.SelectMany(r => r.Endpoints).Select(e => e.InstanceId).ToHashSet(StringComparer.Ordinal);
        // Best effort: the release has happened; a container another drain is already removing is no failure.
        foreach (var stale in (await runtime.ListAsync(app, cancellationToken)).Where(i => !wanted.Contains(i.Revision) && !draining.Contains(i.Id)))
        {
            try
            {
                await runtime.RemoveAsync(stale, TimeSpan.FromSeconds(config.Deploy.StopGraceSeconds), cancellationToken);
            }
            catch (RuntimeException e)
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
    /// Serves a revision again with its instances that still run (after a restart of AppLauncher). Paused and
    /// stopped ones stay idle: the autoscaler resumes them when traffic or the minimum asks for it.
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

        RememberHttps(revision);
        routes.SetRevision(new RevisionRoute(revision.App, revision.Name, endpoints));
        Log.Restored(logger, revision.App, revision.Name, endpoints.Count);
    }

    /// <summary>Stops routing is the caller's job; this waits for in-flight requests, then stops and removes the instances.</summary>
    public Task DrainAsync(RevisionRoute old, CancellationToken cancellationToken) => DrainAsync(old.App, old.Revision, old.Endpoints, cancellationToken);

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
