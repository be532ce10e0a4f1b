namespace AppLauncher.Core.Autoscaling;

/// <summary>
/// Per-second samples of one metric, kept for a bounded span; averages over the last N seconds. Pure: the caller
/// passes the time of every sample and of every query. Seconds without a sample count as zero
/// (no traffic is a measurement, not a gap), from the first sample on.
/// </summary>
public sealed class MetricWindow(TimeSpan retention)
{
    private readonly SortedDictionary<long, double> _seconds = [];
    private long? _first;

    /// <summary>The first second recorded (Unix seconds), or null before any sample.</summary>
    public long? FirstSecond => _first;

    /// <summary>How many seconds back samples are kept.</summary>
    public long RetentionSeconds => (long)retention.TotalSeconds;

    /// <summary>The sample of one second (Unix seconds); zero where none was recorded.</summary>
    public double ValueAt(long second) => _seconds.GetValueOrDefault(second);

    /// <summary>Records <paramref name="value"/> for the second that contains <paramref name="at"/> (replacing an earlier value).</summary>
    public void Record(DateTimeOffset at, double value)
    {
        var second = at.ToUnixTimeSeconds();
        _seconds[second] = value;
        _first ??= second;
        var oldest = second - (long)retention.TotalSeconds;
        while (_seconds.Count > 0 && _seconds.First().Key < oldest)
        {
            _seconds.Remove(_seconds.First().Key);
        }
    }

    /// <summary>Average over the <paramref name="window"/> ending at <paramref name="now"/>, or null before any sample.</summary>
    public double? Average(DateTimeOffset now, TimeSpan window)
    {
        if (_first is not { } first)
        {
            return null;
        }

        var end = now.ToUnixTimeSeconds();
        var start = Math.Max(first, end - (long)Math.Ceiling(window.TotalSeconds) + 1);
        if (start > end)
        {
            return null;
        }

        double sum = 0;
        foreach (var (second, value) in _seconds)
        {
            if (second >= start && second <= end)
            {
                sum += value;
            }
        }

        return sum / (end - start + 1);
    }

    /// <summary>
    /// True when the history covers the whole <paramref name="duration"/> ending at <paramref name="now"/> (its first
    /// sample is at or before the start), there is a sample in it, and every sample in it satisfies <paramref name="condition"/>.
    /// Metrics sampled less often than every second (CPU, memory) have gaps; gaps do not break the condition.
    /// </summary>
    public bool HeldFor(DateTimeOffset now, TimeSpan duration, Func<double, bool> condition)
    {
        var end = now.ToUnixTimeSeconds();
        var start = end - (long)Math.Ceiling(duration.TotalSeconds) + 1;
        if (_first is not { } first || first > start)
        {
            return false;
        }

        var any = false;
        foreach (var (second, value) in _seconds)
        {
            if (second < start || second > end)
            {
                continue;
            }

            if (!condition(value))
            {
                return false;
            }

            any = true;
        }

        return any;
    }
}
