namespace AppLauncher.Core.Autoscaling;

/// <summary>
/// Learns how long an app's pauses between requests last, from its per-second concurrency samples, and derives how
/// long to keep the last instance running after traffic stops (<c>keepAlive: learned</c>). Pure: it reads the window
/// the decider already gets and remembers only the last <see cref="Capacity"/> gaps.
/// </summary>
/// <remarks>
/// The rule: keep running for twice the median of the app's idle gaps of one second or more that are shorter than
/// the stable window, between <see cref="MinimumSeconds"/> and the stable window; the stable window (what Knative's
/// rule amounts to) until <see cref="MinimumGaps"/> gaps are known. Gaps as long as the stable window say nothing
/// about how long to wait: Knative's rule would not have bridged them either, so waiting for them is pure cost — an app
/// whose every pause is long is kept for the minimum. Pauses inside a burst are short and frequent, so the instance
/// stays up through them; a pause longer than twice the typical one is most likely a long one (bursty traffic's idle
/// times are heavy-tailed), and the paused tier makes the wrong guess cheap: a thaw, not a cold start. Sub-second gaps
/// are not seen (a second with any request in flight is active), which makes the median one of real pauses.
/// </remarks>
public sealed class IdleGaps
{
    public const int Capacity = 256;
    public const int MinimumGaps = 8;
    public const int MinimumSeconds = 2;

    private readonly int[] _gaps = new int[Capacity];
    private int _count;
    private int _next;
    private long? _scannedTo;
    private long? _idleSince;

    /// <summary>Gaps seen so far (at most <see cref="Capacity"/> are kept).</summary>
    public int Count => _count;

    /// <summary>Reads the seconds of <paramref name="concurrency"/> not read before, up to the one before <paramref name="now"/>.</summary>
    public void Observe(MetricWindow concurrency, DateTimeOffset now)
    {
        var last = now.ToUnixTimeSeconds() - 1; // the current second is still being measured
        var from = _scannedTo is { } scanned ? scanned + 1 : concurrency.FirstSecond ?? last + 1;
        from = Math.Max(from, last - concurrency.RetentionSeconds); // after a long silence of the decider, what is kept
        for (var second = from; second <= last; second++)
        {
            if (concurrency.ValueAt(second) > 0)
            {
                if (_idleSince is { } since && second - since >= 1)
                {
                    Add((int)Math.Min(int.MaxValue, second - since));
                }

                _idleSince = null;
            }
            else
            {
                _idleSince ??= second;
            }
        }

        _scannedTo = Math.Max(_scannedTo ?? last, last);
    }

    /// <summary>How long to keep the last instance running after the app went idle.</summary>
    public TimeSpan KeepAlive(AutoscalingPolicy policy)
    {
        var ceiling = policy.StableWindowSeconds;
        if (_count < MinimumGaps)
        {
            return TimeSpan.FromSeconds(ceiling);
        }

        var bridgeable = _gaps.AsSpan(0, _count).ToArray().Where(g => g < ceiling).Order().ToArray();
        if (bridgeable.Length == 0)
        {
            return TimeSpan.FromSeconds(Math.Min(MinimumSeconds, ceiling));
        }

        var n = bridgeable.Length;
        var median = n % 2 == 1 ? bridgeable[n / 2] : (bridgeable[(n / 2) - 1] + bridgeable[n / 2]) / 2.0;
        return TimeSpan.FromSeconds(Math.Clamp(2 * median, MinimumSeconds, Math.Max(MinimumSeconds, ceiling)));
    }

    private void Add(int seconds)
    {
        _gaps[_next] = seconds;
        _next = (_next + 1) % Capacity;
        _count = Math.Min(_count + 1, Capacity);
    }
}
