namespace AppLauncher.Core.Rebuilds;

/// <summary>
/// Which apps a stack change rebuilds: an app whose current revision was built on a stack whose image is no longer the
/// one its name points at. A pure function of the apps' stamps and the stacks as they are now; the order is the apps'
/// names, so a queue of rebuilds runs the same way every time.
/// </summary>
public static class StackRebuildPlanner
{
    /// <summary>
    /// Decides for every candidate. <paramref name="current"/>: stack name → the id of the image it names now (a stack
    /// missing there cannot be compared, and does not rebuild: the next build would fail on it). <paramref name="onlyStack"/>:
    /// when set, only a change of that stack counts, and apps not built on it are left out of the answer.
    /// </summary>
    public static IReadOnlyList<RebuildDecision> Plan(IEnumerable<RebuildCandidate> candidates, IReadOnlyDictionary<string, string> current, string? onlyStack = null)
    {
        var decisions = new List<RebuildDecision>();
        foreach (var app in candidates.OrderBy(c => c.App, StringComparer.Ordinal))
        {
            var stamps = onlyStack is null ? app.BuiltOn : [.. app.BuiltOn.Where(s => s.Name == onlyStack)];
            if (onlyStack is not null && stamps.Count == 0)
            {
                continue;
            }

            if (stamps.Count == 0)
            {
                decisions.Add(new(app.App, app.Revision, null, "not built on a stack this platform builds (its image records none)", []));
                continue;
            }

            var changed = stamps.Where(s => current.TryGetValue(s.Name, out var id) && id != s.Id).Select(s => s.Name).ToList();
            if (changed.Count == 0)
            {
                var missing = stamps.Where(s => !current.ContainsKey(s.Name)).Select(s => s.Name).ToList();
                decisions.Add(new(app.App, app.Revision, null, missing.Count == stamps.Count
                    ? $"{StackStamps.Names(missing)} no longer configured or not on this machine"
                    : $"{StackStamps.Names(stamps.Select(s => s.Name))} unchanged", []));
            }
            else if (app.Pinned)
            {
                decisions.Add(new(app.App, app.Revision, null,
                    $"{StackStamps.Names(changed)} changed, but its traffic is pinned to named revisions: a new revision would get none of it ('launcher traffic {app.App} @latest=100' follows the latest again)", changed));
            }
            else
            {
                decisions.Add(new(app.App, app.Revision, $"rebuilt: {StackStamps.Names(changed)} changed", null, changed));
            }
        }

        return decisions;
    }
}
