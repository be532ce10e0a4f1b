using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using AppLauncher.Core.Autoscaling;
using AppLauncher.Apps;
using System.Diagnostics.Metrics;
using AppLauncher.Core.Config;
using AppLauncher.Observability;
using AppLauncher.Proxy;
using AppLauncher.Store;

namespace AppLauncher.Autoscaling;

/// <summary>
/// The loop around the pure decider: every tick (and at once when the activator holds a request for a revision at
/// zero) it reads each served revision's signals, asks that revision's decider, and hands the decision to the
/// scaler. Revisions scale independently, as in Knative: a 90/10 split gets instances in proportion to the load
/// each revision sees. The app's policy applies in full to revisions with a share; tagged revisions without one
/// (previews) scale with min 0 and no schedules.
/// </summary>
internal sealed partial class AutoscalerService(
    RouteTable routes,
    MetricsCollector metrics,
    TrafficRegistry traffic,
    AutoscalingPolicies policies,
    InstanceScaler scaler,
    CrashLoops crashes,
    PlatformConfig config,
    AppActivator activator,
    ScaleRequests requests,
    AppLocks locks,
    IStore store,
    ProxyMetrics proxyMetrics,
    GaugeRegistry gauges,
    TimeProvider time,
    ILogger<AutoscalerService> logger) : BackgroundService
{
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<string, (string App, AutoscalingPolicy Policy, KpaDecider Decider)> _deciders = new(StringComparer.Ordinal);
    private readonly ConditionalWeakTable<AutoscalingPolicy, AutoscalingPolicy> _unshared = [];
    private readonly ConcurrentDictionary<string, Task> _operations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ScaleStatus> _status = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string? Revision, bool Serving, DateTimeOffset Since)> _servingSince = new(StringComparer.Ordinal);

    /// <summary>The status of the app's revision with the largest share (or its only one).</summary>
    public ScaleStatus? Status(string app)
    {
        var weights = routes.FindApp(app)?.Traffic;
        return _status.Values.Where(s => s.App == app && routes.Find(s.Revision ?? "") is not null)
            .OrderByDescending(s => weights?.PercentOf(s.Revision ?? "") ?? 0)
            .FirstOrDefault();
    }

    /// <summary>Drops the app's deciders so a changed policy applies at once.</summary>
    public void PolicyChanged(string app)
    {
        foreach (var (revision, decider) in _deciders)
        {
            if (decider.App == app)
            {
                _deciders.TryRemove(revision, out _);
            }
        }

        foreach (var route in routes.OfApp(app))
        {
            requests.Request(route.Revision);
        }
    }

    /// <summary>
    /// Forgets everything kept for a revision that is no longer served: its decider and status here, its metric
    /// windows, its traffic counters, its activation queue, its start count and idle times. Called when the route
    /// table drops the revision, and for any left over (a request that raced the removal) on every tick.
    /// </summary>
    public void RevisionRemoved(string revision)
    {
        _deciders.TryRemove(revision, out _);
        _status.TryRemove(revision, out _);
        _servingSince.TryRemove(revision, out _);
        _operations.TryRemove(revision, out _);
        metrics.Remove(revision);
        traffic.Remove(revision);
        proxyMetrics.Forget(revision);
        activator.Forget(revision);
        scaler.Forget(revision);
        crashes.Forget(revision);
    }

    /// <summary>Every revision some registry keeps state for; after a sweep, only served ones.</summary>
    internal IReadOnlySet<string> RevisionsWithState() =>
        _deciders.Keys.Concat(_status.Keys).Concat(_servingSince.Keys).Concat(_operations.Keys)
            .Concat(metrics.Revisions).Concat(traffic.Revisions).Concat(proxyMetrics.Routes.Select(r => r.Revision)).Concat(activator.Revisions)
            .Concat(scaler.Revisions).Concat(scaler.IdleRevisions).Concat(crashes.Revisions)
            .ToHashSet(StringComparer.Ordinal);

    private void SweepRemovedRevisions()
    {
        foreach (var revision in RevisionsWithState().Where(r => routes.Find(r) is null))
        {
            RevisionRemoved(revision);
        }
    }

    /// <summary>The decisions as gauges, read from the latest status of each served revision when someone scrapes.</summary>
    private void RegisterGauges()
    {
        gauges.Register(MeterNames.Autoscaling, AutoscalerMetrics.Desired, "{instance}", "Instances the autoscaler wants", () => Gauge(s => s.Desired));
        gauges.Register(MeterNames.Autoscaling, AutoscalerMetrics.Ready, "{instance}", "Instances ready and routed", () => Gauge(s => s.Ready));
        gauges.Register(MeterNames.Autoscaling, AutoscalerMetrics.Starting, "{instance}", "Instances being started or resumed", () => Gauge(s => s.Starting));
        gauges.Register(MeterNames.Autoscaling, AutoscalerMetrics.Panic, null, "1 while the revision scales in panic mode", () => Gauge(s => s.Panicking ? 1 : 0));
        gauges.Register(MeterNames.Autoscaling, AutoscalerMetrics.Observed, null,
            "The signals the last decision read: concurrency, rps, p95-latency (ms), cpu and memory (percent)", ObserveSignals);
    }

    private IEnumerable<Measurement<double>> Gauge(Func<ScaleStatus, double> read)
    {
        foreach (var status in _status.Values)
        {
            yield return new(read(status), new(MetricTags.App, status.App), new(MetricTags.Revision, status.Revision));
        }
    }

    private IEnumerable<Measurement<double>> ObserveSignals()
    {
        foreach (var status in _status.Values)
        {
            foreach (var (metric, value) in status.Metrics)
            {
                yield return new(value, new(MetricTags.App, status.App), new(MetricTags.Revision, status.Revision), new(MetricTags.Metric, metric));
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        RegisterGauges();
        routes.RevisionRemoved += RevisionRemoved;
        try
        {
            await LoopAsync(stoppingToken);
        }
        finally
        {
            routes.RevisionRemoved -= RevisionRemoved;
        }
    }

    private async Task LoopAsync(CancellationToken stoppingToken)
    {
        var next = time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = next - time.GetUtcNow();
            using var tick = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            tick.CancelAfter(wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
            try
            {
                var revision = await requests.Reader.ReadAsync(tick.Token);
                await EvaluateAsync(revision, stoppingToken);
                continue;
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
            }

            next = time.GetUtcNow() + Tick;
            SweepRemovedRevisions();
            foreach (var route in routes.All)
            {
                await EvaluateAsync(route.Revision, stoppingToken);
            }
        }
    }

    private async Task EvaluateAsync(string revisionName, CancellationToken cancellationToken)
    {
        var app = revisionName;
        try
        {
            if (routes.Find(revisionName) is not { } route || locks.IsHeld(route.App))
            {
                return;
            }

            app = route.App;

            // Scale-ups may overlap (starting instances are counted); a scale-down waits for every operation to end.
            var busy = _operations.TryGetValue(revisionName, out var running) && !running.IsCompleted;
            var policy = await PolicyOfAsync(route, cancellationToken);
            var decider = _deciders.AddOrUpdate(revisionName, _ => (app, policy, new KpaDecider(policy)), (_, d) => d.Policy == policy ? d : (app, policy, new KpaDecider(policy))).Decider;
            var now = time.GetUtcNow();
            var ready = route.Endpoints.Count;
            var starting = scaler.Starting(revisionName);
            var held = activator.Held(revisionName);
            DateTimeOffset? lastActive = traffic.TryGet(revisionName, out var revisionTraffic) ? revisionTraffic.LastActiveAt : null;

            // A revision that just went live (or came back) gets its grace period before scaling to zero, as in
            // Knative, even if no request has come yet.
            var serving = _servingSince.AddOrUpdate(revisionName, _ => (revisionName, ready > 0, now),
                (_, s) => s.Serving == ready > 0 ? s : (revisionName, ready > 0, now));
            if (serving.Serving && (lastActive is null || serving.Since > lastActive))
            {
                lastActive = serving.Since;
            }

            var revisionMetrics = metrics.For(revisionName);
            var cap = InstanceCap.For(policy.Max, config.Autoscaling.MaxInstancesPerApp, config.Autoscaling.PlatformMaxInstances, scaler.Total - ready - starting);
            var decision = revisionMetrics.Read(windows => decider.Decide(new ScaleInput(windows, ready, ready + starting, held, lastActive) { Cap = cap }, now));
            var crash = crashes.Find(revisionName);
            var backingOff = crash?.BackingOff(now) == true;
            var reason = backingOff ? $"{decision.Reason}; crash loop: back-off {(crash!.NextStartAt - now).TotalSeconds:0} s after {crash.Crashes} crashes" : decision.Reason;
            _status[revisionName] = new ScaleStatus(app, revisionName, decision.Desired, ready, starting, held, decision.Panicking, reason, now, revisionMetrics.Latest())
            {
                Crashes = crash is null ? null : CrashStatus.Of(crash, now),
            };

            // A revision backing off after crashes starts nothing until its time comes (the tick looks again).
            var up = decision.Desired > ready + starting && !backingOff;
            if (up || (decision.Desired < ready && !busy))
            {
                Log.Decided(logger, revisionName, ready, starting, decision.Desired, decision.Reason);
                if (await store.GetRevisionAsync(revisionName, cancellationToken) is { } revision)
                {
                    // Not Task.Run: the scaler counts the instances it starts before its first await.
                    var operation = scaler.ScaleAsync(revision, decision.Desired, policy, cancellationToken);
                    _operations[revisionName] = busy ? Task.WhenAll(running!, operation) : operation;
                }
            }
            else if (ready == 0 && starting == 0 && !busy)
            {
                await scaler.AgeIdleAsync(route, policy, cancellationToken);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.EvaluateFailed(logger, app, e);
        }
    }

    /// <summary>The app's policy for a revision with a share of its traffic; without one (a preview, a tag), the same with min 0 and no schedules.</summary>
    private async Task<AutoscalingPolicy> PolicyOfAsync(RevisionRoute route, CancellationToken cancellationToken)
    {
        var policy = await policies.GetAsync(route.App, cancellationToken);
        if (routes.FindApp(route.App)?.Traffic.PercentOf(route.Revision) > 0)
        {
            return policy;
        }

        return _unshared.GetValue(policy, p => p.WithoutMinimums());
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "{Revision}: {Ready} ready + {Starting} starting → {Desired} ({Reason})")]
        public static partial void Decided(ILogger logger, string revision, int ready, int starting, int desired, string reason);

        [LoggerMessage(2, LogLevel.Error, "Autoscaling {App} failed")]
        public static partial void EvaluateFailed(ILogger logger, string app, Exception exception);
    }
}
