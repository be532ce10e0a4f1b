using System.Collections.Concurrent;

namespace AppLauncher.Proxy;

/// <summary>Every app's <see cref="AppTraffic"/>: written by the proxy, read by the autoscaler's metric collector.</summary>
public sealed class TrafficRegistry(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, AppTraffic> _apps = new(StringComparer.Ordinal);

    public AppTraffic For(string app) => _apps.GetOrAdd(app, _ => new AppTraffic(time));

    public bool TryGet(string app, out AppTraffic traffic) => _apps.TryGetValue(app, out traffic!);
}
