namespace AppLauncher.Core.Gc;

/// <summary>Which of an app's images stay and which may go: what <c>launcher gc</c> decides per app, with no I/O.</summary>
public sealed record ImageRetention(IReadOnlySet<string> Kept, IReadOnlyDictionary<string, IReadOnlyList<string>> Collectable)
{
    /// <summary>
    /// The images of the <paramref name="keepRevisions"/> latest revisions and of every <paramref name="served"/> one
    /// stay; every other revision's image may go, listed with the revisions that used it. Several revisions share an
    /// image (a config change makes a revision, not an image), so an image goes only when no kept revision uses it.
    /// </summary>
    public static ImageRetention Decide(IReadOnlyList<RetainedRevision> revisions, IReadOnlySet<string> served, int keepRevisions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(keepRevisions, 1);
        var newestFirst = revisions.OrderByDescending(r => r.Number).ToList();
        var kept = newestFirst.Take(keepRevisions).Concat(newestFirst.Where(r => served.Contains(r.Name)))
            .Select(r => r.ImageId).ToHashSet(StringComparer.Ordinal);
        var collectable = newestFirst.Where(r => !kept.Contains(r.ImageId))
            .GroupBy(r => r.ImageId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.OrderBy(r => r.Number).Select(r => r.Name).ToList(), StringComparer.Ordinal);
        return new ImageRetention(kept, collectable);
    }
}
