namespace AppLauncher.Core.Alerts;

/// <summary>
/// What an alert rule watches: a metric compared with a threshold for a duration (<see cref="Metric"/> set), or a
/// platform event (<see cref="Event"/> set).
/// </summary>
/// <param name="Threshold">In the metric's unit: milliseconds for <c>p95-latency</c>, percent for <c>5xx-rate</c>, <c>cpu</c>, <c>memory</c>.</param>
public sealed record AlertCondition(string? Metric, string? Operator, double Threshold, TimeSpan For, PlatformEventKind? Event)
{
    public bool IsEvent => Event is not null;

    /// <summary>Whether <paramref name="value"/> is past the threshold; a value not known (no traffic) never is.</summary>
    public bool Breached(double? value) => value is { } v && Operator switch
    {
        ">=" => v >= Threshold,
        ">" => v > Threshold,
        "<=" => v <= Threshold,
        "<" => v < Threshold,
        _ => false,
    };
}
