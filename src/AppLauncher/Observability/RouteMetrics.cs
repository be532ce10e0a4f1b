namespace AppLauncher.Observability;

/// <summary>
/// One revision's proxy counters and its cached tag values: the proxy adds to plain fields (an interlocked add each,
/// no lookup, no allocation) and the exporter and the alert evaluator read them. Made once per revision by
/// <see cref="ProxyMetrics.For"/>, dropped when the revision leaves the route table.
/// </summary>
public sealed class RouteMetrics
{
    /// <summary>The methods counted by name; any other counts as <c>_OTHER</c> (OpenTelemetry's convention).</summary>
    internal static readonly string[] Methods = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "_OTHER"];

    /// <summary>1xx … 5xx.</summary>
    internal static readonly string[] StatusClasses = ["1xx", "2xx", "3xx", "4xx", "5xx"];

    private readonly long[] _requests = new long[Methods.Length * StatusClasses.Length];
    private long _inFlight;
    private long _requestBytes;
    private long _responseBytes;
    private long _held;
    private long _overflows;
    private long _timeouts;

    internal RouteMetrics(string app, string revision)
    {
        (App, Revision) = (app, revision);
        AppTag = new(MetricTags.App, app);
        RevisionTag = new(MetricTags.Revision, revision);
    }

    public string App { get; }

    public string Revision { get; }

    internal KeyValuePair<string, object?> AppTag { get; }

    internal KeyValuePair<string, object?> RevisionTag { get; }

    public long InFlight => Interlocked.Read(ref _inFlight);

    public long Held => Interlocked.Read(ref _held);

    public long RequestBytes => Interlocked.Read(ref _requestBytes);

    public long ResponseBytes => Interlocked.Read(ref _responseBytes);

    public long Overflows => Interlocked.Read(ref _overflows);

    public long Timeouts => Interlocked.Read(ref _timeouts);

    /// <summary>Requests answered since the revision was first routed.</summary>
    public long Requests
    {
        get
        {
            long sum = 0;
            for (var i = 0; i < _requests.Length; i++)
            {
                sum += Interlocked.Read(ref _requests[i]);
            }

            return sum;
        }
    }

    /// <summary>Requests answered with a 5xx status since the revision was first routed.</summary>
    public long ServerErrors
    {
        get
        {
            long sum = 0;
            for (var m = 0; m < Methods.Length; m++)
            {
                sum += Interlocked.Read(ref _requests[(m * StatusClasses.Length) + 4]);
            }

            return sum;
        }
    }

    internal long RequestCount(int method, int statusClass) => Interlocked.Read(ref _requests[(method * StatusClasses.Length) + statusClass]);

    internal void Begin() => Interlocked.Increment(ref _inFlight);

    internal void End(int method, int statusClass, long requestBytes, long responseBytes)
    {
        Interlocked.Decrement(ref _inFlight);
        Interlocked.Increment(ref _requests[(method * StatusClasses.Length) + statusClass]);
        if (requestBytes > 0)
        {
            Interlocked.Add(ref _requestBytes, requestBytes);
        }

        if (responseBytes > 0)
        {
            Interlocked.Add(ref _responseBytes, responseBytes);
        }
    }

    internal void HoldBegin() => Interlocked.Increment(ref _held);

    internal void HoldEnd() => Interlocked.Decrement(ref _held);

    internal void Overflowed() => Interlocked.Increment(ref _overflows);

    internal void TimedOut() => Interlocked.Increment(ref _timeouts);
}
