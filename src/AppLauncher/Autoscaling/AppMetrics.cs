using AppLauncher.Core.Autoscaling;

namespace AppLauncher.Autoscaling;

/// <summary>One app's metric windows (per second), written by the collector and read by the autoscaler under one lock.</summary>
public sealed class AppMetrics
{
    private static readonly TimeSpan Retention = TimeSpan.FromHours(1);
    private readonly Dictionary<string, MetricWindow> _windows = new(StringComparer.Ordinal)
    {
        [ScalingMetrics.Concurrency] = new MetricWindow(Retention),
        [ScalingMetrics.Rps] = new MetricWindow(Retention),
        [ScalingMetrics.P95Latency] = new MetricWindow(Retention),
        [ScalingMetrics.Cpu] = new MetricWindow(Retention),
        [ScalingMetrics.Memory] = new MetricWindow(Retention),
    };

    private readonly Dictionary<string, double> _latest = new(StringComparer.Ordinal);

    public void Record(string metric, DateTimeOffset at, double value)
    {
        lock (_windows)
        {
            _windows[metric].Record(at, value);
            _latest[metric] = value;
        }
    }

    /// <summary>Runs <paramref name="read"/> with the windows, under the lock.</summary>
    public T Read<T>(Func<IReadOnlyDictionary<string, MetricWindow>, T> read)
    {
        lock (_windows)
        {
            return read(_windows);
        }
    }

    /// <summary>The latest value of each metric, for the API.</summary>
    public IReadOnlyDictionary<string, double> Latest()
    {
        lock (_windows)
        {
            return new Dictionary<string, double>(_latest);
        }
    }
}
