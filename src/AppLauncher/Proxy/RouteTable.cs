using System.Collections.Concurrent;
using AppLauncher.Core.Names;
using AppLauncher.Core.Traffic;

namespace AppLauncher.Proxy;

/// <summary>
/// What the proxy knows: per app, how its traffic is split (<see cref="AppRouting"/>); per served revision, its
/// ready endpoints (<see cref="RevisionRoute"/>). Readers on the hot path take snapshots without locking; writers
/// swap whole records. Revisions are keyed by name (<c>hello-00007</c>), unique across apps.
/// </summary>
public sealed class RouteTable
{
    private readonly ConcurrentDictionary<string, AppRouting> _apps = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RevisionRoute> _revisions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AppRouting>.AlternateLookup<ReadOnlySpan<char>> _appsBySpan;

    public RouteTable() => _appsBySpan = _apps.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Raised after a revision's endpoints change (the activator releases held requests when some appear).</summary>
    public event Action<RevisionRoute>? Changed;

    /// <summary>A revision stopped being served: whoever keeps state per revision forgets it.</summary>
    public event Action<string>? RevisionRemoved;

    public AppRouting? FindApp(string app) => _apps.GetValueOrDefault(app);

    public RevisionRoute? Find(string revision) => _revisions.GetValueOrDefault(revision);

    /// <summary>Every served revision of every app.</summary>
    public IReadOnlyCollection<RevisionRoute> All => [.. _revisions.Values];

    public IReadOnlyList<RevisionRoute> OfApp(string app) => [.. _revisions.Values.Where(r => r.App == app)];

    /// <summary>Ready endpoints of every served revision of the app.</summary>
    public int ReadyCount(string app) => _revisions.Values.Where(r => r.App == app).Sum(r => r.Endpoints.Count);

    /// <summary>
    /// The app and tag a host label names: the app itself (<c>hello</c>), or a tag of an app (<c>candidate-hello</c>);
    /// null when it names neither. An app's own name wins over a tag host of the same spelling; of the tag hosts, the
    /// one with the longest app name wins. Linear in the label and allocation-free, however long the label: candidates
    /// are looked up as spans, and only dashes whose suffix could be an app name (a DNS label, at most 63 characters)
    /// are tried.
    /// </summary>
    public (string App, string? Tag)? Resolve(string label)
    {
        if (_apps.ContainsKey(label))
        {
            return (label, null);
        }

        var span = label.AsSpan();
        for (var dash = Math.Max(1, span.Length - AppName.MaxLength - 1); dash < span.Length - 1; dash++)
        {
            if (span[dash] == '-' && _appsBySpan.TryGetValue(span[(dash + 1)..], out var routing) && routing.TryGetTag(span[..dash], out var tag))
            {
                return (routing.App, tag);
            }
        }

        return null;
    }

    /// <summary>Makes the app known to the proxy (routing nowhere yet) unless it already is.</summary>
    public void AddIfMissing(string app) => _apps.TryAdd(app, new AppRouting(app, ResolvedTraffic.None));

    /// <summary>
    /// Spreads the app's requests as <paramref name="traffic"/> says from the next request on; <paramref name="noWeb"/>
    /// marks an app whose latest revision has no web process (its traffic is then <see cref="ResolvedTraffic.None"/>).
    /// </summary>
    public void SetTraffic(string app, ResolvedTraffic traffic, bool noWeb = false) => _apps[app] = new AppRouting(app, traffic) { NoWeb = noWeb };

    /// <summary>Serves a revision with these endpoints, replacing what it had; returns what it replaced.</summary>
    public RevisionRoute? SetRevision(RevisionRoute route)
    {
        RevisionRoute? previous = null;
        _revisions.AddOrUpdate(route.Revision, route, (_, old) =>
        {
            previous = old;
            return route;
        });
        Changed?.Invoke(route);
        return previous;
    }

    /// <summary>Serves a revision with these endpoints added to those it has (or as a new route).</summary>
    public void AddEndpoints(string app, string revision, IReadOnlyList<InstanceEndpoint> endpoints)
    {
        var updated = _revisions.AddOrUpdate(revision, _ => new RevisionRoute(app, revision, endpoints), (_, old) => old with { Endpoints = [.. old.Endpoints, .. endpoints] });
        Changed?.Invoke(updated);
    }

    /// <summary>Adds a ready endpoint if the revision is still served; false when it no longer is.</summary>
    public bool AddEndpoint(string revision, InstanceEndpoint endpoint) =>
        Update(revision, route => route with { Endpoints = [.. route.Endpoints, endpoint] }) is not null;

    /// <summary>Stops routing to the given instances; returns the endpoints removed, for draining.</summary>
    public IReadOnlyList<InstanceEndpoint> RemoveEndpoints(string revision, IReadOnlySet<string> instanceIds)
    {
        var removed = Find(revision)?.Endpoints.Where(e => instanceIds.Contains(e.InstanceId)).ToList() ?? [];
        return Update(revision, r => r with { Endpoints = [.. r.Endpoints.Where(e => !instanceIds.Contains(e.InstanceId))] }) is null ? [] : removed;
    }

    /// <summary>Replaces the endpoints of a served revision (the cluster's ready pods); false when it is not served.</summary>
    public bool ReplaceEndpoints(string revision, IReadOnlyList<InstanceEndpoint> endpoints) =>
        Update(revision, route => route with { Endpoints = endpoints }) is not null;

    /// <summary>Stops serving the revision; returns its route, whose endpoints the caller drains.</summary>
    public RevisionRoute? RemoveRevision(string revision)
    {
        if (!_revisions.TryRemove(revision, out var route))
        {
            return null;
        }

        RevisionRemoved?.Invoke(revision);
        return route;
    }

    /// <summary>Forgets the app; returns the routes of its revisions, for draining.</summary>
    public IReadOnlyList<RevisionRoute> RemoveApp(string app)
    {
        _apps.TryRemove(app, out _);
        return [.. OfApp(app).Select(r => RemoveRevision(r.Revision)).OfType<RevisionRoute>()];
    }

    private RevisionRoute? Update(string revision, Func<RevisionRoute, RevisionRoute> change)
    {
        while (_revisions.TryGetValue(revision, out var current))
        {
            var updated = change(current);
            if (_revisions.TryUpdate(revision, updated, current))
            {
                Changed?.Invoke(updated);
                return updated;
            }
        }

        return null;
    }
}
