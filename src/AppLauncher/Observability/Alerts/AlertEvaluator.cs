using System.Globalization;
using AppLauncher.Core.Alerts;
using AppLauncher.Core.Config;

namespace AppLauncher.Observability.Alerts;

/// <summary>
/// Evaluates metric rules every <c>alerts.evaluationIntervalSeconds</c> on the server's clock, from the measurements
/// the exporter reads too (the proxy's counters, the autoscaler's gauges), never on the proxy's path; steps each
/// rule's state per app (pending → firing → resolved) and queues what to send. Event rules fire when a stage
/// publishes a matching <see cref="PlatformEvent"/>.
/// </summary>
public sealed partial class AlertEvaluator(
    PlatformConfig config, ProxyMetrics proxy, GaugeRegistry gauges, PlatformEvents events, AlertNotifier notifier, TimeProvider time, ILogger<AlertEvaluator> logger)
    : BackgroundService
{
    private readonly IReadOnlyList<AlertRule> _rules = AlertRule.From(config.Alerts);
    private readonly Dictionary<(string Rule, string App), AlertState> _states = [];
    private readonly Dictionary<string, (long Requests, long Errors)> _previous = new(StringComparer.Ordinal);
    private long? _previousAt;

    /// <summary>The rules from launcher.yaml.</summary>
    public IReadOnlyList<AlertRule> Rules => _rules;

    /// <summary>
    /// Subscribes before the loop starts: <see cref="BackgroundService"/> runs <see cref="ExecuteAsync"/> on the thread
    /// pool, so an event published right after start (a certificate already expiring at the first pass) would be missed.
    /// </summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (_rules.Count > 0)
        {
            events.Published += OnEvent;
        }

        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_rules.Count == 0)
        {
            return;
        }

        try
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(config.Alerts.EvaluationIntervalSeconds), time);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    Evaluate();
                }
                catch (Exception e)
                {
                    Log.EvaluateFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            events.Published -= OnEvent;
        }
    }

    private void OnEvent(PlatformEvent platformEvent)
    {
        foreach (var rule in _rules.Where(r => r.Condition.Event == platformEvent.Kind && (r.App is null || r.App == platformEvent.App)))
        {
            notifier.Enqueue(new AlertNotification(rule, platformEvent.App, AlertNotice.Firing, null, platformEvent.Detail, platformEvent.At));
        }
    }

    /// <summary>One evaluation: every metric rule, for its app or for every app that has measurements.</summary>
    internal void Evaluate()
    {
        var now = time.GetUtcNow();
        var readings = Read();
        foreach (var rule in _rules.Where(r => !r.Condition.IsEvent))
        {
            var apps = rule.App is { } one ? [one] : readings.Keys.Concat(_states.Keys.Where(k => k.Rule == rule.Name).Select(k => k.App)).Distinct(StringComparer.Ordinal).ToList();
            foreach (var app in apps)
            {
                var value = readings.TryGetValue(app, out var values) && values.TryGetValue(rule.Condition.Metric!, out var v) ? v : (double?)null;
                var state = _states.GetValueOrDefault((rule.Name, app)) ?? AlertState.Inactive;
                var (next, notice) = AlertStateMachine.Step(state, rule.Condition, value, now, rule.Repeat);
                if (next.Phase == AlertPhase.Inactive)
                {
                    _states.Remove((rule.Name, app));
                }
                else
                {
                    _states[(rule.Name, app)] = next;
                }

                if (notice != AlertNotice.None)
                {
                    var message = notice == AlertNotice.Resolved
                        ? $"{rule.ConditionText} no longer holds ({Describe(rule.Condition.Metric!, value)})"
                        : $"{rule.ConditionText}: {Describe(rule.Condition.Metric!, value)}";
                    notifier.Enqueue(new AlertNotification(rule, app, notice, value, message, now));
                }
            }
        }
    }

    private static string Describe(string metric, double? value) =>
        value is not { } v ? $"{metric} not measured (no traffic)" : string.Create(CultureInfo.InvariantCulture, $"{metric} is {v:0.##}{metric switch { AlertMetric.P95Latency => "ms", AlertMetric.ErrorRate or AlertMetric.Cpu or AlertMetric.Memory => "%", _ => "" }}");

    /// <summary>Each app's values now: rates over the time since the last evaluation, the autoscaler's latest signals, ready instances.</summary>
    private Dictionary<string, Dictionary<string, double>> Read()
    {
        var readings = new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
        Dictionary<string, double> Of(string app) => readings.TryGetValue(app, out var d) ? d : readings[app] = new Dictionary<string, double>(StringComparer.Ordinal);

        var stamp = time.GetTimestamp();
        var seconds = _previousAt is { } at ? time.GetElapsedTime(at, stamp).TotalSeconds : 0;
        foreach (var group in proxy.Routes.GroupBy(r => r.App, StringComparer.Ordinal))
        {
            var (requests, errors) = (group.Sum(r => r.Requests), group.Sum(r => r.ServerErrors));
            if (_previous.TryGetValue(group.Key, out var before) && seconds > 0)
            {
                // A revision that left takes its counts with it: a drop starts the count over.
                var (dr, de) = requests >= before.Requests && errors >= before.Errors ? (requests - before.Requests, errors - before.Errors) : (requests, errors);
                Of(group.Key)[AlertMetric.Rps] = dr / seconds;
                if (dr > 0)
                {
                    Of(group.Key)[AlertMetric.ErrorRate] = 100.0 * de / dr;
                }
            }

            _previous[group.Key] = (requests, errors);
        }

        foreach (var app in _previous.Keys.Where(a => proxy.Routes.All(r => r.App != a)).ToList())
        {
            _previous.Remove(app);
        }

        _previousAt = stamp;
        foreach (var m in gauges.Read(AutoscalerMetrics.Observed))
        {
            if (Tag(m.Tags, MetricTags.App) is { } app && Tag(m.Tags, MetricTags.Metric) is { } metric && metric != AlertMetric.Rps && AlertMetric.All.Contains(metric))
            {
                var values = Of(app);
                values[metric] = values.TryGetValue(metric, out var other) ? Math.Max(other, m.Value) : m.Value;
            }
        }

        foreach (var m in gauges.Read(AutoscalerMetrics.Ready))
        {
            if (Tag(m.Tags, MetricTags.App) is { } app)
            {
                var values = Of(app);
                values[AlertMetric.Instances] = values.GetValueOrDefault(AlertMetric.Instances) + m.Value;
            }
        }

        return readings;
    }

    private static string? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == name)
            {
                return tag.Value as string;
            }
        }

        return null;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Evaluating alert rules failed")]
        public static partial void EvaluateFailed(ILogger logger, Exception exception);
    }
}
