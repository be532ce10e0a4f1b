using AppLauncher.Apps;
using System.Collections.Concurrent;
using AppLauncher.Core.Autoscaling;
using AppLauncher.Proxy;
using AppLauncher.Runtime;

namespace AppLauncher.Autoscaling;

/// <summary>
/// Every second, samples each served revision's traffic from the proxy (concurrency, requests per second, p95
/// latency); every few seconds, CPU and memory of its instances from the runtime (for apps with cpu or memory alarms).
/// </summary>
internal sealed partial class MetricsCollector(
    RouteTable routes,
    TrafficRegistry traffic,
    AutoscalingPolicies policies,
    IRuntime runtime,
    TimeProvider time,
    ILogger<MetricsCollector> logger) : BackgroundService
{
    private const int ResourceEverySeconds = 5;
    private readonly ConcurrentDictionary<string, AppMetrics> _revisions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ResourceUsage> _previousUsage = [];
    private long _ticks;

    public AppMetrics For(string revision) => _revisions.GetOrAdd(revision, _ => new AppMetrics());

    public void Remove(string revision) => _revisions.TryRemove(revision, out _);

    /// <summary>The revisions that have metric windows.</summary>
    public IEnumerable<string> Revisions => _revisions.Keys;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var now = time.GetUtcNow();
            foreach (var route in routes.All)
            {
                if (!traffic.TryGet(route.Revision, out var revisionTraffic))
                {
                    continue;
                }

                var sample = revisionTraffic.Sample();
                var metrics = For(route.Revision);
                metrics.Record(ScalingMetrics.Concurrency, now, sample.Concurrency);
                metrics.Record(ScalingMetrics.Rps, now, sample.RequestsPerSecond);
                if (sample.P95LatencyMs is { } p95)
                {
                    metrics.Record(ScalingMetrics.P95Latency, now, p95);
                }
            }

            if (++_ticks % ResourceEverySeconds == 0)
            {
                await CollectResourcesAsync(now, stoppingToken);
            }
        }
    }

    private async Task CollectResourcesAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Samples of instances that no longer serve go: the previous sample is only needed for the next delta.
        var serving = routes.All.SelectMany(r => r.Endpoints).Select(e => e.InstanceId).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _previousUsage.Keys.Where(id => !serving.Contains(id)).ToList())
        {
            _previousUsage.Remove(gone);
        }

        foreach (var route in routes.All)
        {
            var policy = policies.Cached(route.App);
            if (route.Endpoints.Count == 0 || !policy.Steps.Any(s => s.Metric is ScalingMetrics.Cpu or ScalingMetrics.Memory))
            {
                continue;
            }

            var cpu = new List<double>();
            var memory = new List<double>();
            foreach (var endpoint in route.Endpoints)
            {
                try
                {
                    var usage = await runtime.UsageAsync(new Instance(endpoint.InstanceId, route.App, route.Revision, endpoint.Address, true), cancellationToken);
                    if (usage is null)
                    {
                        continue;
                    }

                    if (_previousUsage.TryGetValue(endpoint.InstanceId, out var previous) && CpuPercent(previous, usage) is { } percent)
                    {
                        cpu.Add(percent);
                    }

                    _previousUsage[endpoint.InstanceId] = usage;
                    if (usage.MemoryLimitBytes > 0)
                    {
                        memory.Add(100.0 * usage.MemoryBytes / usage.MemoryLimitBytes);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Log.UsageFailed(logger, route.App, endpoint.InstanceId, e.Message);
                }
            }

            var metrics = For(route.Revision);
            if (cpu.Count > 0)
            {
                metrics.Record(ScalingMetrics.Cpu, now, cpu.Average());
            }

            if (memory.Count > 0)
            {
                metrics.Record(ScalingMetrics.Memory, now, memory.Average());
            }
        }
    }

    /// <summary>Like <c>docker stats</c>: 100 % is one core fully busy.</summary>
    internal static double? CpuPercent(ResourceUsage previous, ResourceUsage current)
    {
        if (current.CpuTime < previous.CpuTime || current.SystemCpuTime <= previous.SystemCpuTime)
        {
            return null;
        }

        var cpus = Math.Max(1, current.OnlineCpus);
        return 100.0 * cpus * (current.CpuTime - previous.CpuTime) / (current.SystemCpuTime - previous.SystemCpuTime);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Could not read resource use of {App} instance {InstanceId}: {Reason}")]
        public static partial void UsageFailed(ILogger logger, string app, string instanceId, string reason);
    }
}
