using System.Diagnostics.CodeAnalysis;
using AppLauncher.Core.Traffic;

namespace AppLauncher.Proxy;

/// <summary>
/// How the proxy spreads an app's requests: its resolved traffic (shares per revision, tag → revision) and the
/// schedule that picks a revision per request. An app with no revision yet has <see cref="ResolvedTraffic.None"/>.
/// </summary>
public sealed class AppRouting(string app, ResolvedTraffic traffic)
{
    private readonly WeightedSchedule _schedule = new(traffic.Weights);

    // Tag hosts are matched on a slice of the Host label, without copying it.
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _tags =
        new Dictionary<string, string>(traffic.Tags, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    public string App { get; } = app;

    public ResolvedTraffic Traffic { get; } = traffic;

    /// <summary>The app's latest revision has no web process (a Procfile of workers only): its host has nothing to serve.</summary>
    public bool NoWeb { get; init; }

    /// <summary>The revision for the next request to the app's own host; null when no revision takes traffic.</summary>
    public string? PickRevision() => _schedule.Next();

    public string? TaggedRevision(string tag) => Traffic.Tags.GetValueOrDefault(tag);

    /// <summary>Whether the app has the tag <paramref name="tag"/>; <paramref name="name"/> is the tag's own string.</summary>
    public bool TryGetTag(ReadOnlySpan<char> tag, [NotNullWhen(true)] out string? name)
    {
        if (_tags.TryGetValue(tag, out var key, out _))
        {
            name = key;
            return true;
        }

        name = null;
        return false;
    }
}
