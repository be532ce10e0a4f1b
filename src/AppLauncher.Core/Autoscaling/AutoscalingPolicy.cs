namespace AppLauncher.Core.Autoscaling;

/// <summary>
/// How an app scales: a Knative-KPA-style target (concurrency or requests per second per instance) with stable and
/// panic windows, bounds and rates, scale to zero, plus step policies (alarms) and scheduled minimums.
/// Defaults equal Knative Serving's. It is the <c>autoscaling:</c> section of an app's <c>launcher.yaml</c>.
/// </summary>
public sealed class AutoscalingPolicy
{
    /// <summary>Fewest instances; 0 allows scale to zero.</summary>
    public int Min { get; set; }

    /// <summary>Most instances; 0 means no bound but the platform's.</summary>
    public int Max { get; set; }

    /// <summary>Instances started for a new revision before any traffic (Knative's initial-scale).</summary>
    public int Initial { get; set; } = 1;

    /// <summary><c>concurrency</c> (requests in flight per instance) or <c>rps</c> (requests per second per instance).</summary>
    public string Metric { get; set; } = ScalingMetrics.Concurrency;

    /// <summary>Target value of <see cref="Metric"/> per instance (Knative: 100 concurrent requests, or 200 rps).</summary>
    public double Target { get; set; } = 100;

    /// <summary>Share of the target to aim for, leaving headroom for bursts (Knative: 70 %).</summary>
    public double TargetUtilizationPercent { get; set; } = 70;

    /// <summary>Window the stable decision averages over (Knative: 60 s; 6 s to 1 h).</summary>
    public int StableWindowSeconds { get; set; } = 60;

    /// <summary>Panic window as a share of the stable window (Knative: 10 %).</summary>
    public double PanicWindowPercent { get; set; } = 10;

    /// <summary>Panic starts when the panic window asks for this share of the instances ready (Knative: 200 %).</summary>
    public double PanicThresholdPercent { get; set; } = 200;

    /// <summary>At most this factor more instances per decision (Knative: 1000).</summary>
    public double MaxScaleUpRate { get; set; } = 1000;

    /// <summary>At most this factor fewer instances per decision (Knative: 2, i.e. halve).</summary>
    public double MaxScaleDownRate { get; set; } = 2;

    /// <summary>Time without traffic before the last instance is removed (Knative: 30 s).</summary>
    public int ScaleToZeroGracePeriodSeconds { get; set; } = 30;

    /// <summary>
    /// How long the last instance keeps running once traffic stops: <c>knative</c> (until the stable window holds no
    /// traffic and <see cref="ScaleToZeroGracePeriodSeconds"/> have passed, Knative's rule) or <c>learned</c> (from the
    /// app's own idle gaps, see <see cref="IdleGaps"/>; meant for the paused tier, which makes a wrong guess a thaw).
    /// </summary>
    public string KeepAlive { get; set; } = KeepAliveModes.Knative;

    /// <summary>A scale-down waits until the lower value has held this long (Knative: 0).</summary>
    public int ScaleDownDelaySeconds { get; set; }

    /// <summary>Most requests the activator holds for the app while no instance is ready; more get 503 at once.</summary>
    public int MaxHeldRequests { get; set; } = 1000;

    /// <summary>How long the activator holds a request for an instance to become ready before answering 503.</summary>
    public int HoldTimeoutSeconds { get; set; } = 60;

    /// <summary>
    /// Idle tiers. When the app scales to zero its last instance is paused (resumes in milliseconds) for this long,
    /// then stopped; 0 skips the paused tier.
    /// </summary>
    public int PausedTierSeconds { get; set; } = 300;

    /// <summary>A stopped instance (starts without being created) is kept this long, then removed; 0 skips the stopped tier.</summary>
    public int StoppedTierSeconds { get; set; } = 3600;

    /// <summary>Alarms: a metric compared with a threshold for a duration adds or removes instances.</summary>
    public List<StepPolicy> Steps { get; set; } = [];

    /// <summary>Cron windows that raise the minimum.</summary>
    public List<ScheduledMinimum> Schedules { get; set; } = [];

    /// <summary>A copy with no minimum and no schedules: how revisions without a traffic share (previews, tags) scale.</summary>
    public AutoscalingPolicy WithoutMinimums()
    {
        var copy = (AutoscalingPolicy)MemberwiseClone();
        copy.Min = 0;
        copy.Schedules = [];
        copy.Steps = [.. Steps];
        return copy;
    }
}

/// <summary>Values of <see cref="AutoscalingPolicy.KeepAlive"/>.</summary>
public static class KeepAliveModes
{
    public const string Knative = "knative";
    public const string Learned = "learned";
}

/// <summary>Names of the metrics policies scale on.</summary>
public static class ScalingMetrics
{
    public const string Concurrency = "concurrency";
    public const string Rps = "rps";
    public const string Cpu = "cpu";
    public const string Memory = "memory";
    public const string P95Latency = "p95-latency";
}

/// <summary>
/// An alarm: when the app's average <see cref="Metric"/> compared by <see cref="Operator"/> with <see cref="Threshold"/>
/// holds for <see cref="ForSeconds"/>, change the instance count by <see cref="Change"/> (bounded by the policy's max
/// and min), then wait <see cref="CooldownSeconds"/> before this alarm acts again.
/// Example: cpu &gt;= 90 for 300 s → +2, cooldown 60 s.
/// </summary>
public sealed class StepPolicy
{
    /// <summary><c>cpu</c> or <c>memory</c> (percent of the instance's limit), <c>concurrency</c>, <c>rps</c>, <c>p95-latency</c> (ms).</summary>
    public string Metric { get; set; } = ScalingMetrics.Cpu;

    /// <summary><c>&gt;=</c>, <c>&gt;</c>, <c>&lt;=</c> or <c>&lt;</c>.</summary>
    public string Operator { get; set; } = ">=";

    public double Threshold { get; set; }

    public int ForSeconds { get; set; } = 60;

    /// <summary>Instances to add (positive) or remove (negative).</summary>
    public int Change { get; set; }

    public int CooldownSeconds { get; set; } = 60;
}

/// <summary>A cron window (5-field cron, in <see cref="TimeZone"/>) during which at least <see cref="Min"/> instances run.</summary>
public sealed class ScheduledMinimum
{
    /// <summary>When the window opens, e.g. <c>50 8 * * 1-5</c>.</summary>
    public string Start { get; set; } = "";

    /// <summary>When it closes, e.g. <c>0 18 * * 1-5</c>.</summary>
    public string End { get; set; } = "";

    public int Min { get; set; }

    /// <summary>IANA time zone of the cron expressions.</summary>
    public string TimeZone { get; set; } = "UTC";
}
