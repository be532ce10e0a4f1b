namespace AppLauncher.Core.Rebuilds;

/// <summary>An app's current revision as a stack rebuild sees it: what it runs and the stacks its image was built on.</summary>
/// <param name="BuiltOn">The stacks of its image (empty: not built on a known stack, e.g. a Dockerfile on another base).</param>
/// <param name="Pinned">Traffic is pinned to a named revision, so a new revision would get none of it.</param>
public sealed record RebuildCandidate(string App, string Revision, string Commit, IReadOnlyList<StackStamp> BuiltOn, bool Pinned = false);
