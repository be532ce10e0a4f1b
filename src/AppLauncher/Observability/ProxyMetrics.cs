using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AppLauncher.Observability;

/// <summary>
/// The proxy's instruments. Per request the proxy records one histogram value (a <see cref="TagList"/> of cached
/// values: no allocation) and adds to its revision's <see cref="RouteMetrics"/>; request counts by method and status
/// class, in-flight, bytes, held requests, overflows and timeouts are observable instruments read from those fields
/// when someone scrapes, so the hot path never looks anything up in the SDK's aggregator for them.
/// </summary>
public sealed class ProxyMetrics
{
    public const string RequestDuration = "http.server.request.duration";
    public const string ActiveRequests = "http.server.active_requests";
    public const string Requests = "launcher.proxy.requests";
    public const string RequestBytes = "launcher.proxy.request.bytes";
    public const string ResponseBytes = "launcher.proxy.response.bytes";
    public const string HeldRequests = "launcher.activator.held_requests";
    public const string Overflows = "launcher.activator.overflows";
    public const string Timeouts = "launcher.activator.timeouts";

    /// <summary>OpenTelemetry's recommended boundaries for <c>http.server.request.duration</c>, in seconds.</summary>
    internal static readonly double[] DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    private static readonly object[] StatusCodes = [.. Enumerable.Range(0, 600).Select(c => (object)c)];
    private readonly ConcurrentDictionary<string, RouteMetrics> _routes = new(StringComparer.Ordinal);
    private readonly Histogram<double> _duration;

    public ProxyMetrics(IMeterFactory meters, MetricsSettings settings)
    {
        Enabled = settings.Enabled;
        var meter = meters.Create(MeterNames.Proxy);
        _duration = meter.CreateHistogram(RequestDuration, "s", "Duration of requests the proxy answered for an app, held time included",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        meter.CreateObservableCounter(Requests, ObserveRequests, "{request}", "Requests the proxy answered, by method and status class");
        meter.CreateObservableUpDownCounter(ActiveRequests, () => Observe(r => r.InFlight), "{request}", "Requests in flight through the proxy, held ones included");
        meter.CreateObservableCounter(RequestBytes, () => Observe(r => r.RequestBytes), "By", "Request body bytes sent to apps (by Content-Length)");
        meter.CreateObservableCounter(ResponseBytes, () => Observe(r => r.ResponseBytes), "By", "Response body bytes apps answered (by Content-Length)");
        meter.CreateObservableUpDownCounter(HeldRequests, () => Observe(r => r.Held), "{request}", "Requests the activator holds while an instance starts");
        meter.CreateObservableCounter(Overflows, () => Observe(r => r.Overflows), "{request}", "Requests refused with 503 because the activator held its maximum");
        meter.CreateObservableCounter(Timeouts, () => Observe(r => r.Timeouts), "{request}", "Held requests answered 503 because no instance was ready in time");
    }

    /// <summary>False with <c>metrics.enabled: false</c>: the proxy then records nothing at all.</summary>
    public bool Enabled { get; }

    /// <summary>The revisions with counters now.</summary>
    public IReadOnlyCollection<RouteMetrics> Routes => (IReadOnlyCollection<RouteMetrics>)_routes.Values;

    /// <summary>The revision's counters, made on its first request.</summary>
    public RouteMetrics For(string app, string revision) =>
        _routes.TryGetValue(revision, out var found) ? found : _routes.GetOrAdd(revision, static (r, a) => new RouteMetrics(a, r), app);

    /// <summary>Drops a revision that is no longer routed, so its series end with it.</summary>
    public void Forget(string revision) => _routes.TryRemove(revision, out _);

    /// <summary>Records one answered request.</summary>
    public void Record(RouteMetrics route, string method, int statusCode, TimeSpan duration, long requestBytes, long responseBytes)
    {
        var methodIndex = MethodIndex(method);
        var statusClass = Math.Clamp((statusCode / 100) - 1, 0, 4);
        route.End(methodIndex, statusClass, requestBytes, responseBytes);
        var tags = new TagList
        {
            route.AppTag,
            route.RevisionTag,
            new(MetricTags.Method, RouteMetrics.Methods[methodIndex]),
            new(MetricTags.StatusCode, (uint)statusCode < (uint)StatusCodes.Length ? StatusCodes[statusCode] : StatusCodes[0]),
        };
        _duration.Record(duration.TotalSeconds, tags);
    }

    private static int MethodIndex(string method) => method switch
    {
        "GET" => 0,
        "HEAD" => 1,
        "POST" => 2,
        "PUT" => 3,
        "DELETE" => 4,
        "PATCH" => 5,
        "OPTIONS" => 6,
        _ => 7,
    };

    private IEnumerable<Measurement<long>> ObserveRequests()
    {
        foreach (var route in _routes.Values)
        {
            for (var m = 0; m < RouteMetrics.Methods.Length; m++)
            {
                for (var s = 0; s < RouteMetrics.StatusClasses.Length; s++)
                {
                    if (route.RequestCount(m, s) is var count and > 0)
                    {
                        yield return new(count, route.AppTag, route.RevisionTag,
                            new(MetricTags.Method, RouteMetrics.Methods[m]), new(MetricTags.StatusClass, RouteMetrics.StatusClasses[s]));
                    }
                }
            }
        }
    }

    private IEnumerable<Measurement<long>> Observe(Func<RouteMetrics, long> read)
    {
        foreach (var route in _routes.Values)
        {
            yield return new(read(route), route.AppTag, route.RevisionTag);
        }
    }
}
