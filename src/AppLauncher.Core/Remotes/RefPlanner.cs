namespace AppLauncher.Core.Remotes;

/// <summary>
/// Decides what a fetch means, from the refs acted on before and the refs the remote has now: a pure function, so a
/// storm of deliveries for one push (all seeing the same refs) yields one build, and a force-push is just a new commit
/// the rules judge like any other. The deploy branch moving releases the app (deleting it changes nothing: the app keeps
/// its revision); a matching tag that is new or moved releases the app with the tag (only the newest such tag if several
/// arrive at once); another branch moving is previewed, and its deletion removes its preview. On the first fetch of a
/// connection only the deploy branch deploys: existing tags and branches are remembered, not built.
/// </summary>
public static class RefPlanner
{
    public static IReadOnlyList<RefAction> Plan(RefRules rules, IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> now, bool firstFetch)
    {
        var actions = new List<RefAction>();
        var deployRef = RefRules.HeadsPrefix + rules.Branch;
        if (now.TryGetValue(deployRef, out var head) && (!before.TryGetValue(deployRef, out var old) || old != head))
        {
            actions.Add(new RefAction(RefActionKind.Deploy, deployRef, head, Branch: rules.Branch));
        }

        var changedTags = new List<(string Ref, string Commit)>();
        var rest = new List<RefAction>();
        foreach (var (gitRef, commit) in now.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            if (gitRef == deployRef || (before.TryGetValue(gitRef, out var seen) && seen == commit))
            {
                continue;
            }

            if (gitRef.StartsWith(RefRules.TagsPrefix, StringComparison.Ordinal) && rules.MatchesTag(gitRef[RefRules.TagsPrefix.Length..]) && !firstFetch)
            {
                changedTags.Add((gitRef, commit));
            }
            else if (gitRef.StartsWith(RefRules.HeadsPrefix, StringComparison.Ordinal) && rules.Previews && !firstFetch)
            {
                rest.Add(new RefAction(RefActionKind.Preview, gitRef, commit, Branch: gitRef[RefRules.HeadsPrefix.Length..]));
            }
            else
            {
                rest.Add(new RefAction(RefActionKind.Record, gitRef, commit));
            }
        }

        // Several tags at once (a first push of history): release the newest only, remember the others.
        var ordered = changedTags.OrderBy(t => t.Ref[RefRules.TagsPrefix.Length..], VersionOrder.Instance).ToList();
        foreach (var (gitRef, commit) in ordered.Take(Math.Max(0, ordered.Count - 1)))
        {
            actions.Add(new RefAction(RefActionKind.Record, gitRef, commit));
        }

        if (ordered.Count > 0)
        {
            var (gitRef, commit) = ordered[^1];
            actions.Add(new RefAction(RefActionKind.Deploy, gitRef, commit, Tag: gitRef[RefRules.TagsPrefix.Length..]));
        }

        actions.AddRange(rest);
        foreach (var gitRef in before.Keys.Where(r => !now.ContainsKey(r)).OrderBy(r => r, StringComparer.Ordinal))
        {
            var isPreviewBranch = gitRef.StartsWith(RefRules.HeadsPrefix, StringComparison.Ordinal) && gitRef != deployRef && rules.Previews;
            actions.Add(isPreviewBranch
                ? new RefAction(RefActionKind.RemovePreview, gitRef, null, Branch: gitRef[RefRules.HeadsPrefix.Length..])
                : new RefAction(RefActionKind.Record, gitRef, null));
        }

        return actions;
    }

    /// <summary>Orders <c>v1.9</c> before <c>v1.10</c>: runs of digits compare as numbers, the rest ordinally.</summary>
    private sealed class VersionOrder : IComparer<string>
    {
        public static readonly VersionOrder Instance = new();

        public int Compare(string? x, string? y)
        {
            x ??= "";
            y ??= "";
            int i = 0, j = 0;
            while (i < x.Length && j < y.Length)
            {
                if (char.IsAsciiDigit(x[i]) && char.IsAsciiDigit(y[j]))
                {
                    int si = i, sj = j;
                    while (i < x.Length && char.IsAsciiDigit(x[i])) i++;
                    while (j < y.Length && char.IsAsciiDigit(y[j])) j++;
                    var a = x[si..i].TrimStart('0');
                    var b = y[sj..j].TrimStart('0');
                    var c = a.Length != b.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(a, b);
                    if (c != 0) return c;
                }
                else
                {
                    if (x[i] != y[j]) return x[i].CompareTo(y[j]);
                    i++;
                    j++;
                }
            }

            return (x.Length - i).CompareTo(y.Length - j);
        }
    }
}
