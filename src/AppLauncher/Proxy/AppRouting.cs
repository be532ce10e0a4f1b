using AppLauncher.Core.Traffic;

namespace AppLauncher.Proxy;

/// <summary>
/// How the proxy spreads an app's requests: its resolved traffic (shares per revision, tag → revision) and the
/// schedule that picks a revision per request. An app with no revision yet has <see cref="ResolvedTraffic.None"/>.
/// </summary>
public sealed class AppRouting(string app, ResolvedTraffic traffic)
{
    private readonly WeightedSchedule _schedule = new(traffic.Weights);

    public string App { get; } = app;

    public ResolvedTraffic Traffic { get; } = traffic;

    /// <summary>The revision for the next request to the app's own host; null when no revision takes traffic.</summary>
    public string? PickRevision() => _schedule.Next();

    public string? TaggedRevision(string tag) => Traffic.Tags.GetValueOrDefault(tag);
}
