namespace AppLauncher.Proxy;

/// <summary>
/// One app's traffic as the proxy sees it: requests in flight (held ones included), a time-weighted average of
/// concurrency, the request count and latencies since the last sample. Knative's queue-proxy measures the same.
/// </summary>
public sealed class AppTraffic(TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly List<double> _latenciesMs = [];
    private int _inFlight;
    private double _concurrencyTicks;
    private long _lastChange = time.GetTimestamp();
    private long _sampleStart = time.GetTimestamp();
    private int _requests;

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>When a request was last in flight; null if none ever was.</summary>
    public DateTimeOffset? LastActiveAt { get; private set; }

    public void Begin()
    {
        lock (_lock)
        {
            Accumulate();
            _inFlight++;
            _requests++;
            LastActiveAt = time.GetUtcNow();
        }
    }

    public void End(TimeSpan latency)
    {
        lock (_lock)
        {
            Accumulate();
            _inFlight--;
            LastActiveAt = time.GetUtcNow();
            if (_latenciesMs.Count < 10_000)
            {
                _latenciesMs.Add(latency.TotalMilliseconds);
            }
        }
    }

    /// <summary>The averages since the last sample, and starts a new one.</summary>
    public TrafficSample Sample()
    {
        lock (_lock)
        {
            Accumulate();
            var now = time.GetTimestamp();
            var elapsed = Math.Max(1, now - _sampleStart);
            var seconds = elapsed / (double)time.TimestampFrequency;
            var sample = new TrafficSample(_concurrencyTicks / elapsed, _requests / seconds, Percentile(_latenciesMs, 0.95), _inFlight);
            _concurrencyTicks = 0;
            _requests = 0;
            _latenciesMs.Clear();
            _sampleStart = now;
            if (_inFlight > 0)
            {
                LastActiveAt = time.GetUtcNow();
            }

            return sample;
        }
    }

    private void Accumulate()
    {
        var now = time.GetTimestamp();
        _concurrencyTicks += _inFlight * (double)(now - _lastChange);
        _lastChange = now;
    }

    private static double? Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return null;
        }

        values.Sort();
        return values[Math.Min(values.Count - 1, (int)Math.Ceiling(p * values.Count) - 1)];
    }
}

/// <summary>One sample of an app's traffic: average concurrency, requests per second, p95 latency (ms) and requests in flight now.</summary>
public sealed record TrafficSample(double Concurrency, double RequestsPerSecond, double? P95LatencyMs, int InFlight);
