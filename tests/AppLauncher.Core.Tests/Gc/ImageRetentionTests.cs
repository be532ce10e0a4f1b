using AppLauncher.Core.Gc;

namespace AppLauncher.Core.Tests.Gc;

public sealed class ImageRetentionTests
{
    private static readonly HashSet<string> NoneServed = [];

    /// <summary>hello-00001 … hello-0000n, each with image i1 … in unless <paramref name="images"/> says otherwise.</summary>
    private static List<RetainedRevision> Revisions(int count, params string[] images) =>
        [.. Enumerable.Range(1, count).Select(n => new RetainedRevision($"hello-{n:00000}", n, images.Length >= n ? images[n - 1] : $"i{n}"))];

    public static TheoryData<int, int, string[], string[], string[]> Table => new()
    {
        // revisions, keep, served, kept images, collectable images
        { 5, 2, [], ["i4", "i5"], ["i1", "i2", "i3"] },
        { 5, 10, [], ["i1", "i2", "i3", "i4", "i5"], [] },
        { 5, 1, ["hello-00002"], ["i2", "i5"], ["i1", "i3", "i4"] },
        { 5, 2, ["hello-00001", "hello-00003"], ["i1", "i3", "i4", "i5"], ["i2"] },
        { 5, 5, [], ["i1", "i2", "i3", "i4", "i5"], [] },
        { 0, 3, [], [], [] },
        { 3, 1, ["hello-00042"], ["i3"], ["i1", "i2"] },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Decide_Table_KeepsLatestAndServedImages(int count, int keep, string[] served, string[] kept, string[] collectable)
    {
        var retention = ImageRetention.Decide(Revisions(count), served.ToHashSet(), keep);

        Assert.Equal(kept, retention.Kept.Order());
        Assert.Equal(collectable, retention.Collectable.Keys.Order());
    }

    [Fact]
    public void Decide_ImageSharedWithAKeptRevision_Stays()
    {
        // hello-00001 and hello-00003 share image a (a config change of an older image, or a rollback's push again).
        var retention = ImageRetention.Decide(Revisions(3, "a", "b", "a"), NoneServed, keepRevisions: 1);

        Assert.Equal(["a"], retention.Kept);
        Assert.Equal(["b"], retention.Collectable.Keys);
    }

    [Fact]
    public void Decide_ImageOfSeveralCollectableRevisions_ListsThemAll()
    {
        var retention = ImageRetention.Decide(Revisions(4, "a", "a", "b", "c"), NoneServed, keepRevisions: 1);

        Assert.Equal(["hello-00001", "hello-00002"], retention.Collectable["a"]);
        Assert.Equal(["hello-00003"], retention.Collectable["b"]);
    }

    [Fact]
    public void Decide_OrderOfInput_DoesNotMatter()
    {
        var revisions = Revisions(4);
        revisions.Reverse();

        var retention = ImageRetention.Decide(revisions, NoneServed, keepRevisions: 2);

        Assert.Equal(["i3", "i4"], retention.Kept.Order());
    }

    [Fact]
    public void Decide_KeepZero_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageRetention.Decide(Revisions(1), NoneServed, 0));
}
