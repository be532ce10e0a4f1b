using System.Text.Json.Serialization;

namespace AppLauncher.Core.Traffic;

/// <summary>
/// One entry of an app's traffic (Knative's <c>traffic:</c> block): a share of the app's requests for a revision —
/// a named one, or whichever is the app's latest — and optionally a tag, which gives that revision its own domain
/// <c>{tag}-{app}.{domain}</c>. A branch preview is a tagged target with 0 % that a push of the branch created.
/// </summary>
public sealed record TrafficTarget
{
    /// <summary>The revision (<c>hello-00007</c>); null when <see cref="Latest"/> is set.</summary>
    public string? Revision { get; init; }

    /// <summary>Follows the app's latest revision: every release (push, config change, rollback) moves it.</summary>
    public bool Latest { get; init; }

    /// <summary>Share of the app's requests, 0 to 100.</summary>
    public int Percent { get; init; }

    /// <summary>A DNS label: the revision also answers on <c>{tag}-{app}.{domain}</c>, whatever its share.</summary>
    public string? Tag { get; init; }

    /// <summary>The git branch whose preview this is; such a target goes away when the branch is deleted.</summary>
    public string? Branch { get; init; }

    [JsonIgnore]
    public bool IsPreview => Branch is not null;

    /// <summary>How the CLI names the target: <c>hello-00007</c> or <c>@latest</c>.</summary>
    [JsonIgnore]
    public string Name => Latest ? TrafficPlan.LatestName : Revision ?? "";
}
