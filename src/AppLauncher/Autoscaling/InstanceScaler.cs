using System.Collections.Concurrent;
using AppLauncher.Core.Autoscaling;
using AppLauncher.Core.Config;
using AppLauncher.Observability;
using AppLauncher.Proxy;
using AppLauncher.Release;
using AppLauncher.Runtime;
using AppLauncher.Store;

namespace AppLauncher.Autoscaling;

/// <summary>
/// Carries out scale decisions on the runtime. Up: resume idle instances first (paused, then stopped), then create
/// new ones; each joins the route once it answers. Down: leave the route, drain, then pause (the last instance, when
/// the paused tier is on) or stop and remove. Idle instances move down the tiers as they age.
/// </summary>
internal sealed partial class InstanceScaler(
    IRuntime runtime, RouteTable routes, Releaser releaser, RevisionInstances specs, CrashLoops crashes, AutoscalerMetrics metrics, PlatformConfig config, TimeProvider time, ILogger<InstanceScaler> logger)
{
    private readonly ConcurrentDictionary<string, int> _starting = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Revision, DateTimeOffset Since)> _idleSince = new(StringComparer.Ordinal);
    private readonly Lock _reserve = new();

    /// <summary>Instances of the revision being started or resumed now.</summary>
    public int Starting(string revision) => _starting.GetValueOrDefault(revision);

    /// <summary>Instances on the whole platform, ready or starting: what the platform cap counts.</summary>
    public int Total => routes.All.Sum(r => r.Endpoints.Count) + _starting.Values.Sum();

    /// <summary>The revisions with a start count.</summary>
    public IEnumerable<string> Revisions => _starting.Keys;

    /// <summary>The revisions with idle instances being aged.</summary>
    public IEnumerable<string> IdleRevisions => _idleSince.Values.Select(v => v.Revision).Distinct(StringComparer.Ordinal);

    /// <summary>Forgets a revision no longer served: its start count (once nothing is starting) and its instances' idle times (the drain removes them).</summary>
    public void Forget(string revision)
    {
        if (_starting.TryGetValue(revision, out var count) && count <= 0)
        {
            _starting.TryRemove(KeyValuePair.Create(revision, count));
        }

        foreach (var (id, idle) in _idleSince)
        {
            if (idle.Revision == revision)
            {
                _idleSince.TryRemove(id, out _);
            }
        }
    }

    public async Task ScaleAsync(RevisionRecord revision, int desired, AutoscalingPolicy policy, CancellationToken cancellationToken)
    {
        if (routes.Find(revision.Name) is not { } route)
        {
            return;
        }

        var ready = route.Endpoints.Count;
        if (runtime.ManagesReplicas)
        {
            // The cluster's HPA owns replicas above one: AppLauncher only takes a revision from zero to one and back.
            if (desired > 0 && ready + Starting(revision.Name) > 0)
            {
                return;
            }

            if (desired == 0 && ready > 0)
            {
                await ScaleToZeroOnClusterAsync(revision, route, cancellationToken);
                return;
            }

            desired = Math.Min(desired, 1);
        }

        var current = ready + Starting(revision.Name);
        if (desired > current)
        {
            if (crashes.BackingOffUntil(revision.Name) is { } until)
            {
                Log.BackingOff(logger, revision.App, revision.Name, (until - time.GetUtcNow()).TotalSeconds);
                return;
            }

            // Counted as starting before the first await, so a decision taken meanwhile does not start them twice;
            // counted against the platform cap under one lock, so revisions scaling at once cannot pass it together.
            int count;
            lock (_reserve)
            {
                var room = config.Autoscaling.PlatformMaxInstances > 0 ? Math.Max(0, config.Autoscaling.PlatformMaxInstances - Total) : int.MaxValue;
                count = Math.Min(desired - current, room);
                if (count < desired - current)
                {
                    Log.PlatformFull(logger, revision.App, desired - current, count, config.Autoscaling.PlatformMaxInstances);
                }

                if (count == 0)
                {
                    return;
                }

                _starting.AddOrUpdate(revision.Name, count, (_, n) => n + count);
            }

            // Only instances put to rest on purpose (retired here, or found resting and aged): a container that just
            // crashed or was killed is not serving either, but it is the supervisor's to remove, never to start again.
            var idle = (await runtime.ListAsync(revision.App, cancellationToken))
                .Where(i => i.Revision == revision.Name && !i.Serving && _idleSince.ContainsKey(i.Id))
                .OrderBy(i => i.Paused ? 0 : 1) // paused resumes fastest
                .ToList();
            var starts = Enumerable.Range(0, count)
                .Select(n => StartOneAsync(revision, n < idle.Count ? idle[n] : null, cancellationToken));
            await Task.WhenAll(starts);
        }
        else if (desired < ready)
        {
            var leaving = route.Endpoints.OrderBy(e => e.InFlight).Take(ready - desired).Select(e => e.InstanceId).ToHashSet();
            var removed = routes.RemoveEndpoints(revision.Name, leaving);
            await Task.WhenAll(removed.Select(e => RetireAsync(revision, e, keepIdle: desired == 0 && removed.Count == 1 && policy.PausedTierSeconds + policy.StoppedTierSeconds > 0, policy, cancellationToken)));
            Log.ScaledIn(logger, revision.App, ready, desired);
        }
    }

    /// <summary>Stops routing to the revision's pods, lets in-flight requests finish, then scales its workload to 0.</summary>
    private async Task ScaleToZeroOnClusterAsync(RevisionRecord revision, RevisionRoute route, CancellationToken cancellationToken)
    {
        var removed = routes.RemoveEndpoints(revision.Name, route.Endpoints.Select(e => e.InstanceId).ToHashSet(StringComparer.Ordinal));
        await releaser.WaitIdleAsync(removed, cancellationToken);
        foreach (var instance in (await runtime.ListAsync(revision.App, cancellationToken)).Where(i => i.Revision == revision.Name))
        {
            await runtime.StopAsync(instance, TimeSpan.FromSeconds(config.Deploy.StopGraceSeconds), cancellationToken);
        }

        Log.ScaledIn(logger, revision.App, removed.Count, 0);
    }

    /// <summary>Moves the revision's idle instances down the tiers: paused → stopped → removed, by the policy's times.</summary>
    public async Task AgeIdleAsync(RevisionRoute route, AutoscalingPolicy policy, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var instance in (await runtime.ListAsync(route.App, cancellationToken)).Where(i => i.Revision == route.Revision && !i.Serving))
        {
            var since = _idleSince.GetOrAdd(instance.Id, (instance.Revision, now)).Since;
            if (instance.Paused && now - since >= TimeSpan.FromSeconds(policy.PausedTierSeconds))
            {
                if (policy.StoppedTierSeconds > 0)
                {
                    await runtime.StopAsync(instance, TimeSpan.FromSeconds(config.Deploy.StopGraceSeconds), cancellationToken);
                    _idleSince[instance.Id] = (instance.Revision, now);
                }
                else
                {
                    await RemoveAsync(instance, cancellationToken);
                }
            }
            else if (!instance.Running && now - since >= TimeSpan.FromSeconds(policy.StoppedTierSeconds))
            {
                await RemoveAsync(instance, cancellationToken);
            }
        }
    }

    /// <summary>Starts (or resumes) one instance the caller has already counted as starting.</summary>
    private async Task StartOneAsync(RevisionRecord revision, Instance? idle, CancellationToken cancellationToken)
    {
        Instance? instance = null;
        try
        {
            var started = time.GetTimestamp();
            var fromZero = routes.Find(revision.Name) is { Endpoints.Count: 0 };
            instance = idle is not null
                ? await runtime.ResumeAsync(idle, cancellationToken)
                : await runtime.StartAsync(await specs.SpecAsync(revision, cancellationToken), cancellationToken);
            if (idle is not null)
            {
                _idleSince.TryRemove(idle.Id, out _);
            }

            await runtime.WaitReadyAsync(instance, TimeSpan.FromSeconds(config.Deploy.ReadyTimeoutSeconds), cancellationToken, revision.HealthPath);
            instance = await runtime.EnsureRunningAsync(instance, cancellationToken);
            if (!routes.AddEndpoint(revision.Name, new InstanceEndpoint(instance.Id, instance.Endpoint!)))
            {
                // The revision stopped being served (a deploy or a traffic change moved on) while this instance started.
                await runtime.RemoveAsync(instance, TimeSpan.Zero, cancellationToken);
                return;
            }

            var tier = idle is null ? "created" : idle.Paused ? "resumed from paused" : "started from stopped";
            var took = time.GetElapsedTime(started);
            Log.ScaledOut(logger, revision.App, revision.Name, tier, took.TotalMilliseconds);
            if (fromZero)
            {
                metrics.ColdStart(revision.App, revision.Name, idle is null ? AutoscalerMetrics.TierCreated : idle.Paused ? AutoscalerMetrics.TierPaused : AutoscalerMetrics.TierStopped, took);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.StartFailed(logger, revision.Name, e.Message);
            if (e is InstanceNotReadyException notReady)
            {
                // A crash at start counts like a crash later: a revision that never comes up backs off instead of
                // taking the machine's CPU with a start every tick.
                crashes.Record(revision.Name, notReady.ExitCode, notReady.OutOfMemory, notReady.Message + "\n" + notReady.Logs);
            }

            if (instance is not null)
            {
                await runtime.RemoveAsync(instance, TimeSpan.Zero, CancellationToken.None);
            }
        }
        finally
        {
            _starting.AddOrUpdate(revision.Name, 0, (_, n) => n - 1);
        }
    }

    private async Task RetireAsync(RevisionRecord revision, InstanceEndpoint endpoint, bool keepIdle, AutoscalingPolicy policy, CancellationToken cancellationToken)
    {
        await releaser.WaitIdleAsync([endpoint], cancellationToken);
        var instance = new Instance(endpoint.InstanceId, revision.App, revision.Name, endpoint.Address, Running: true);
        try
        {
            if (!keepIdle)
            {
                await RemoveAsync(instance, cancellationToken);
            }
            else if (policy.PausedTierSeconds > 0)
            {
                await runtime.PauseAsync(instance, cancellationToken);
                _idleSince[instance.Id] = (instance.Revision, time.GetUtcNow());
            }
            else
            {
                await runtime.StopAsync(instance, TimeSpan.FromSeconds(config.Deploy.StopGraceSeconds), cancellationToken);
                _idleSince[instance.Id] = (instance.Revision, time.GetUtcNow());
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.RetireFailed(logger, revision.Name, endpoint.InstanceId, e.Message);
        }
    }

    private async Task RemoveAsync(Instance instance, CancellationToken cancellationToken)
    {
        await runtime.RemoveAsync(instance, TimeSpan.FromSeconds(config.Deploy.StopGraceSeconds), cancellationToken);
        _idleSince.TryRemove(instance.Id, out _);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Scaled out {App}: {Revision} instance {Tier} and ready in {Milliseconds:0} ms")]
        public static partial void ScaledOut(ILogger logger, string app, string revision, string tier, double milliseconds);

        [LoggerMessage(2, LogLevel.Information, "Scaled in {App}: {From} → {To} ready instances")]
        public static partial void ScaledIn(ILogger logger, string app, int from, int to);

        [LoggerMessage(3, LogLevel.Warning, "Could not start an instance of {Revision}: {Reason}")]
        public static partial void StartFailed(ILogger logger, string revision, string reason);

        [LoggerMessage(5, LogLevel.Information, "Not starting {App} ({Revision}): it keeps crashing, next start in {Seconds:0} s")]
        public static partial void BackingOff(ILogger logger, string app, string revision, double seconds);

        [LoggerMessage(6, LogLevel.Warning, "{App} wants {Wanted} more instances; the platform cap of {Cap} leaves room for {Count}")]
        public static partial void PlatformFull(ILogger logger, string app, int wanted, int count, int cap);

        [LoggerMessage(4, LogLevel.Warning, "Could not retire instance {InstanceId} of {Revision}: {Reason}")]
        public static partial void RetireFailed(ILogger logger, string revision, string instanceId, string reason);
    }
}
