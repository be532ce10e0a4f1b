using System.Collections.Concurrent;

namespace AppLauncher.Proxy;

/// <summary>
/// Every served revision's <see cref="AppTraffic"/> (keyed by revision name, so a split app scales each revision by
/// its own share): written by the proxy, read by the autoscaler's metric collector.
/// </summary>
public sealed class TrafficRegistry(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, AppTraffic> _revisions = new(StringComparer.Ordinal);

    public AppTraffic For(string revision) => _revisions.GetOrAdd(revision, _ => new AppTraffic(time));

    public void Remove(string revision) => _revisions.TryRemove(revision, out _);

    /// <summary>The revisions that have counters.</summary>
    public IEnumerable<string> Revisions => _revisions.Keys;

    public bool TryGet(string revision, out AppTraffic traffic) => _revisions.TryGetValue(revision, out traffic!);
}
