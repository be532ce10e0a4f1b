namespace AppLauncher.Core.Alerts;

/// <summary>What a metric alert rule can watch, in the step-alarm vocabulary, and the unit each threshold is in.</summary>
public static class AlertMetric
{
    /// <summary>95th percentile of request latency, in milliseconds (<c>500ms</c>, <c>2s</c>).</summary>
    public const string P95Latency = "p95-latency";

    /// <summary>Share of requests answered 5xx since the last evaluation, in percent.</summary>
    public const string ErrorRate = "5xx-rate";

    /// <summary>CPU of the app's instances, percent of one core (as the autoscaler reads it).</summary>
    public const string Cpu = "cpu";

    /// <summary>Memory of the app's instances, percent of their limit.</summary>
    public const string Memory = "memory";

    /// <summary>Requests per second.</summary>
    public const string Rps = "rps";

    /// <summary>Requests in flight, time-weighted.</summary>
    public const string Concurrency = "concurrency";

    /// <summary>Ready instances.</summary>
    public const string Instances = "instances";

    public static readonly IReadOnlyList<string> All = [P95Latency, ErrorRate, Cpu, Memory, Rps, Concurrency, Instances];
}
