using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AppLauncher.Observability;

/// <summary>Builds, deploys, releases and rollbacks: durations by buildpack, outcomes; the build queue is a gauge the build stage registers.</summary>
public sealed class DeliveryMetrics
{
    public const string BuildDuration = "launcher.build.duration";
    public const string DeployDuration = "launcher.deploy.duration";
    public const string BuildQueueLength = "launcher.build.queue.length";
    public const string Releases = "launcher.releases";
    public const string Rollbacks = "launcher.rollbacks";

    /// <summary>Outcomes a build or deploy ends with.</summary>
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";

    private static readonly double[] Buckets = [1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600, 1200];
    private readonly Histogram<double> _builds;
    private readonly Histogram<double> _deploys;
    private readonly Counter<long> _releases;
    private readonly Counter<long> _rollbacks;

    public DeliveryMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterNames.Delivery);
        var advice = new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets };
        _builds = meter.CreateHistogram(BuildDuration, "s", "Image builds by buildpack and outcome", tags: null, advice: advice);
        _deploys = meter.CreateHistogram(DeployDuration, "s", "Deploys (build, release, health check) by buildpack and outcome", tags: null, advice: advice);
        _releases = meter.CreateCounter<long>(Releases, "{release}", "Revisions released (moved traffic to), by what made them");
        _rollbacks = meter.CreateCounter<long>(Rollbacks, "{rollback}", "Rollbacks to an earlier revision");
    }

    public void Built(string app, string buildpack, string outcome, TimeSpan duration) =>
        _builds.Record(duration.TotalSeconds, new TagList { { MetricTags.App, app }, { MetricTags.Buildpack, buildpack }, { MetricTags.Outcome, outcome } });

    public void Deployed(string app, string? revision, string buildpack, string outcome, TimeSpan duration) =>
        _deploys.Record(duration.TotalSeconds, new TagList { { MetricTags.App, app }, { MetricTags.Revision, revision ?? "" }, { MetricTags.Buildpack, buildpack }, { MetricTags.Outcome, outcome } });

    /// <param name="reason">What made the revision: <c>deploy</c>, <c>config</c>, <c>rollback</c>.</param>
    public void Released(string app, string revision, string reason) =>
        _releases.Add(1, new TagList { { MetricTags.App, app }, { MetricTags.Revision, revision }, { "reason", reason } });

    public void RolledBack(string app, string revision) =>
        _rollbacks.Add(1, new TagList { { MetricTags.App, app }, { MetricTags.Revision, revision } });
}
