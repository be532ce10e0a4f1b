namespace AppLauncher.Core.Autoscaling;

/// <summary>What the decider sees at one tick: the app's metric history, its instances, and the activator's queue.</summary>
/// <param name="Metrics">Per-second windows by metric name (<see cref="ScalingMetrics"/>): totals across instances for
/// concurrency and rps, averages across instances for cpu, memory and p95-latency.</param>
/// <param name="ReadyInstances">Instances that answer now.</param>
/// <param name="CurrentInstances">Instances asked for by the last decision (ready or starting).</param>
/// <param name="HeldRequests">Requests the activator holds because no instance is ready.</param>
/// <param name="LastActiveAt">When the app last had a request in flight (or held), or null if never.</param>
public sealed record ScaleInput(
    IReadOnlyDictionary<string, MetricWindow> Metrics,
    int ReadyInstances,
    int CurrentInstances,
    int HeldRequests,
    DateTimeOffset? LastActiveAt)
{
    /// <summary>The most instances the revision may have (its max, the per-app default, the platform's room left); none when not given.</summary>
    public InstanceCap Cap { get; init; } = InstanceCap.None;
}

/// <summary>The decision: how many instances, whether in panic mode, and why (for logs, the API and tests).</summary>
public sealed record ScaleDecision(int Desired, bool Panicking, string Reason);
