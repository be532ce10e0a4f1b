using System.Collections.Concurrent;
using System.Threading.Channels;
using AppLauncher.Core.Autoscaling;
using AppLauncher.Deploy;
using AppLauncher.Proxy;
using AppLauncher.Store;

namespace AppLauncher.Autoscaling;

/// <summary>
/// The loop around the pure decider: every tick (and at once when the activator holds a request for an app at
/// zero) it reads each app's signals, asks the decider, and hands the decision to the scaler.
/// </summary>
internal sealed partial class AutoscalerService(
    RouteTable routes,
    MetricsCollector metrics,
    TrafficRegistry traffic,
    AutoscalingPolicies policies,
    InstanceScaler scaler,
    IServiceProvider services,
    IStore store,
    TimeProvider time,
    ILogger<AutoscalerService> logger) : BackgroundService, IActivationHandler
{
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(2);

    private readonly Channel<string> _pokes = Channel.CreateUnbounded<string>();
    private readonly ConcurrentDictionary<string, (AutoscalingPolicy Policy, KpaDecider Decider)> _deciders = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _operations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ScaleStatus> _status = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string? Revision, bool Serving, DateTimeOffset Since)> _servingSince = new(StringComparer.Ordinal);

    // The activator is built from this service (it is the activator's handler), so it is looked up lazily.
    private AppActivator HeldRequests => services.GetRequiredService<AppActivator>();

    private DeployService Deployer => services.GetRequiredService<DeployService>();

    public (int MaxHeld, TimeSpan Timeout) HoldLimits(string app)
    {
        var policy = policies.Cached(app);
        return (policy.MaxHeldRequests, TimeSpan.FromSeconds(policy.HoldTimeoutSeconds));
    }

    public void RequestInstance(string app) => _pokes.Writer.TryWrite(app);

    public ScaleStatus? Status(string app) => _status.GetValueOrDefault(app);

    /// <summary>Drops the app's decider so a changed policy applies from the next tick.</summary>
    public void PolicyChanged(string app) => _deciders.TryRemove(app, out _);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var next = time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = next - time.GetUtcNow();
            using var tick = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            tick.CancelAfter(wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
            try
            {
                var app = await _pokes.Reader.ReadAsync(tick.Token);
                await EvaluateAsync(app, stoppingToken);
                continue;
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
            }

            next = time.GetUtcNow() + Tick;
            foreach (var route in routes.All)
            {
                await EvaluateAsync(route.App, stoppingToken);
            }
        }
    }

    private async Task EvaluateAsync(string app, CancellationToken cancellationToken)
    {
        try
        {
            if (routes.Find(app) is not { Revision: { } revisionName } route || Deployer.IsDeploying(app))
            {
                return;
            }

            // Scale-ups may overlap (starting instances are counted); a scale-down waits for every operation to end.
            var busy = _operations.TryGetValue(app, out var running) && !running.IsCompleted;
            var policy = await policies.GetAsync(app, cancellationToken);
            var decider = _deciders.AddOrUpdate(app, _ => (policy, new KpaDecider(policy)), (_, d) => d.Policy == policy ? d : (policy, new KpaDecider(policy))).Decider;
            var now = time.GetUtcNow();
            var ready = route.Endpoints.Count;
            var starting = scaler.Starting(app);
            var held = HeldRequests.Held(app);
            DateTimeOffset? lastActive = traffic.TryGet(app, out var appTraffic) ? appTraffic.LastActiveAt : null;

            // A revision that just went live (or an app that just came back) gets its grace period before scaling to
            // zero, as in Knative, even if no request has come yet.
            var serving = _servingSince.AddOrUpdate(app, _ => (revisionName, ready > 0, now),
                (_, s) => s.Revision == revisionName && s.Serving == ready > 0 ? s : (revisionName, ready > 0, now));
            if (serving.Serving && (lastActive is null || serving.Since > lastActive))
            {
                lastActive = serving.Since;
            }

            var appMetrics = metrics.For(app);
            var decision = appMetrics.Read(windows => decider.Decide(new ScaleInput(windows, ready, ready + starting, held, lastActive), now));
            _status[app] = new ScaleStatus(app, revisionName, decision.Desired, ready, starting, held, decision.Panicking, decision.Reason, now, appMetrics.Latest());

            var up = decision.Desired > ready + starting;
            if (up || (decision.Desired < ready && !busy))
            {
                Log.Decided(logger, app, ready, starting, decision.Desired, decision.Reason);
                if (await store.GetRevisionAsync(revisionName, cancellationToken) is { } revision)
                {
                    // Not Task.Run: the scaler counts the instances it starts before its first await.
                    var operation = scaler.ScaleAsync(revision, decision.Desired, policy, cancellationToken);
                    _operations[app] = busy ? Task.WhenAll(running!, operation) : operation;
                }
            }
            else if (ready == 0 && starting == 0 && !busy)
            {
                await scaler.AgeIdleAsync(app, policy, cancellationToken);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.EvaluateFailed(logger, app, e);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "{App}: {Ready} ready + {Starting} starting → {Desired} ({Reason})")]
        public static partial void Decided(ILogger logger, string app, int ready, int starting, int desired, string reason);

        [LoggerMessage(2, LogLevel.Error, "Autoscaling {App} failed")]
        public static partial void EvaluateFailed(ILogger logger, string app, Exception exception);
    }
}
