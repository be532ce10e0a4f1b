using AppLauncher.Core.Traffic;

namespace AppLauncher.Core.Tests.Traffic;

public sealed class WeightedScheduleTests
{
    [Theory]
    [InlineData(90, 10)]
    [InlineData(50, 50)]
    [InlineData(99, 1)]
    [InlineData(33, 67)]
    public void Next_OverAThousandRequests_SplitsExactlyByShare(int first, int second)
    {
        var schedule = new WeightedSchedule([new RevisionWeight("a", first), new RevisionWeight("b", second)]);

        var picks = Enumerable.Range(0, 1000).Select(_ => schedule.Next()).ToList();

        Assert.Equal(first * 10, picks.Count(p => p == "a"));
        Assert.Equal(second * 10, picks.Count(p => p == "b"));
    }

    [Fact]
    public void Next_At90To10_InterleavesInsteadOfSendingARun()
    {
        var schedule = new WeightedSchedule([new RevisionWeight("a", 90), new RevisionWeight("b", 10)]);

        var picks = Enumerable.Range(0, 100).Select(_ => schedule.Next()).ToList();
        var gaps = picks.Select((p, i) => (p, i)).Where(x => x.p == "b").Select(x => x.i).ToList();

        Assert.Equal(10, gaps.Count);
        Assert.All(gaps.Zip(gaps.Skip(1)), pair => Assert.Equal(10, pair.Second - pair.First));
    }

    [Fact]
    public void Next_SkipsZeroSharesAndIsNullWithNone()
    {
        var schedule = new WeightedSchedule([new RevisionWeight("a", 0), new RevisionWeight("b", 100)]);

        Assert.All(Enumerable.Range(0, 50), _ => Assert.Equal("b", schedule.Next()));
        Assert.Null(WeightedSchedule.Empty.Next());
    }

    [Fact]
    public async Task Next_FromManyThreads_StillSplitsExactly()
    {
        var schedule = new WeightedSchedule([new RevisionWeight("a", 90), new RevisionWeight("b", 10)]);
        var counts = new int[2];

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 1250; i++)
            {
                Interlocked.Increment(ref counts[schedule.Next() == "a" ? 0 : 1]);
            }
        })));

        Assert.Equal(9000, counts[0]);
        Assert.Equal(1000, counts[1]);
    }
}
