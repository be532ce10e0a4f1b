using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AppLauncher.Observability;

/// <summary>
/// The autoscaler's instruments: cold starts by tier with their duration (synchronous, a few a minute at most), and
/// the names of the gauges the autoscaler registers in <see cref="GaugeRegistry"/> from its decisions.
/// </summary>
public sealed class AutoscalerMetrics
{
    public const string ColdStartDuration = "launcher.coldstart.duration";
    public const string Desired = "launcher.autoscaler.desired_instances";
    public const string Ready = "launcher.autoscaler.ready_instances";
    public const string Starting = "launcher.autoscaler.starting_instances";
    public const string Panic = "launcher.autoscaler.panic";
    public const string Observed = "launcher.autoscaler.observed";
    public const string Crashes = "launcher.instance.crashes";

    /// <summary>Tiers a cold start comes from: a paused instance, a stopped one, or a new container.</summary>
    public const string TierPaused = "paused";
    public const string TierStopped = "stopped";
    public const string TierCreated = "created";

    private static readonly double[] ColdStartBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 120];
    private readonly Histogram<double> _coldStarts;
    private readonly Counter<long> _crashes;

    public AutoscalerMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterNames.Autoscaling);
        _coldStarts = meter.CreateHistogram(ColdStartDuration, "s", "Time from scale-from-zero to a ready instance, by tier (its count is the number of cold starts)",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = ColdStartBuckets });
        _crashes = meter.CreateCounter<long>(Crashes, "{crash}", "Instances that exited or were killed without being asked to");
    }

    /// <summary>A revision at zero got a ready instance after <paramref name="duration"/>.</summary>
    public void ColdStart(string app, string revision, string tier, TimeSpan duration) =>
        _coldStarts.Record(duration.TotalSeconds, new TagList { { MetricTags.App, app }, { MetricTags.Revision, revision }, { MetricTags.Tier, tier } });

    public void Crashed(string app, string revision) =>
        _crashes.Add(1, new TagList { { MetricTags.App, app }, { MetricTags.Revision, revision } });
}
