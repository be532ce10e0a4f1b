using System.Text.Json;
using System.Text.Json.Serialization;

namespace AppLauncher.Core.Traffic;

/// <summary>
/// Where an app's requests go: the shares of its revisions (summing to 100) and its tagged revisions. New apps send
/// everything to the latest revision. Immutable; stored as JSON with the app.
/// </summary>
public sealed record TrafficPlan
{
    /// <summary>How a target that follows the latest revision is written on the command line.</summary>
    public const string LatestName = "@latest";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
    };

    public IReadOnlyList<TrafficTarget> Targets { get; init; } = [];

    /// <summary>Everything to the latest revision: the plan of every app until someone splits its traffic.</summary>
    public static TrafficPlan Default { get; } = new() { Targets = [new TrafficTarget { Latest = true, Percent = 100 }] };

    /// <summary>True when the latest revision gets a share (so a push moves production traffic).</summary>
    [JsonIgnore]
    public bool TracksLatest => Targets.Any(t => t.Latest && t.Percent > 0);

    public IEnumerable<TrafficTarget> Previews => Targets.Where(t => t.IsPreview);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The stored plan, or <see cref="Default"/> when none was stored.</summary>
    public static TrafficPlan FromJson(string? json) =>
        string.IsNullOrWhiteSpace(json) ? Default : JsonSerializer.Deserialize<TrafficPlan>(json, Json) ?? Default;

    /// <summary>
    /// The concrete routing once <c>@latest</c> is known: shares per revision (targets of the same revision add up)
    /// and tag → revision. With no latest revision yet, latest's share and tag route nowhere.
    /// </summary>
    public ResolvedTraffic Resolve(string? latestRevision)
    {
        var weights = new List<RevisionWeight>();
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var target in Targets)
        {
            var revision = target.Latest ? latestRevision : target.Revision;
            if (revision is null)
            {
                continue;
            }

            if (target.Tag is { } tag)
            {
                tags[tag] = revision;
            }

            var index = weights.FindIndex(w => w.Revision == revision);
            if (index < 0)
            {
                weights.Add(new RevisionWeight(revision, target.Percent));
            }
            else
            {
                weights[index] = weights[index] with { Percent = weights[index].Percent + target.Percent };
            }
        }

        return new ResolvedTraffic(weights, tags);
    }

    /// <summary>The plan with the shares replaced (tags and previews kept, moved onto the new targets where they name the same revision).</summary>
    public TrafficPlan WithShares(IReadOnlyList<TrafficTarget> shares)
    {
        var kept = Targets.Where(t => t.Tag is not null).Select(t => t with { Percent = 0 }).ToList();
        var merged = new List<TrafficTarget>();
        foreach (var share in shares)
        {
            var tagged = kept.FirstOrDefault(t => t.Revision == share.Revision && t.Latest == share.Latest && !t.IsPreview);
            if (tagged is not null && share.Tag is null)
            {
                kept.Remove(tagged);
                merged.Add(share with { Tag = tagged.Tag });
            }
            else
            {
                merged.Add(share);
            }
        }

        return new TrafficPlan { Targets = [.. merged, .. kept] };
    }

    /// <summary>The plan with <paramref name="tag"/> on <paramref name="revision"/> (moved there if another target had it).</summary>
    public TrafficPlan WithTag(string tag, string? revision, bool latest = false, string? branch = null)
    {
        var targets = WithoutTag(tag).Targets.ToList();
        var index = branch is null ? targets.FindIndex(t => t.Tag is null && t.Latest == latest && t.Revision == (latest ? null : revision)) : -1;
        if (index >= 0)
        {
            targets[index] = targets[index] with { Tag = tag };
        }
        else
        {
            targets.Add(new TrafficTarget { Revision = latest ? null : revision, Latest = latest, Tag = tag, Branch = branch });
        }

        return new TrafficPlan { Targets = targets };
    }

    /// <summary>The plan without <paramref name="tag"/>: a target that only existed for it goes, a share stays untagged.</summary>
    public TrafficPlan WithoutTag(string tag) => new()
    {
        Targets = [.. Targets
            .Where(t => t.Tag != tag || t.Percent > 0)
            .Select(t => t.Tag == tag ? t with { Tag = null, Branch = null } : t)],
    };

    public bool Equals(TrafficPlan? other) => other is not null && Targets.SequenceEqual(other.Targets);

    public override int GetHashCode() => Targets.Aggregate(0, (hash, target) => HashCode.Combine(hash, target));

    /// <summary>Every share on <c>@latest</c> (a rollback: all traffic to the revision just made latest); tags kept.</summary>
    public TrafficPlan AllToLatest() => WithShares([new TrafficTarget { Latest = true, Percent = 100 }]);
}

/// <summary>A revision's share of an app's requests.</summary>
public sealed record RevisionWeight(string Revision, int Percent);

/// <summary>An app's traffic with <c>@latest</c> resolved: shares per revision, and tag → revision.</summary>
public sealed record ResolvedTraffic(IReadOnlyList<RevisionWeight> Weights, IReadOnlyDictionary<string, string> Tags)
{
    public static ResolvedTraffic None { get; } = new([], new Dictionary<string, string>());

    /// <summary>Every revision that must be served: those with a share and those with a tag.</summary>
    public IReadOnlySet<string> Revisions => Weights.Where(w => w.Percent > 0).Select(w => w.Revision).Concat(Tags.Values).ToHashSet(StringComparer.Ordinal);

    public int PercentOf(string revision) => Weights.Where(w => w.Revision == revision).Sum(w => w.Percent);
}
