using AppLauncher.Core.Supervision;

namespace AppLauncher.Core.Tests.Supervision;

/// <summary>Crash-loop back-off as the kubelet's: replaced at once, then 10 s doubling to 5 min, forgiven after 10 min.</summary>
public sealed class CrashBackoffTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 10)]
    [InlineData(3, 20)]
    [InlineData(4, 40)]
    [InlineData(5, 80)]
    [InlineData(6, 160)]
    [InlineData(7, 300)]
    [InlineData(8, 300)]
    [InlineData(1000, 300)]
    public void Delay_NthCrashInARow_DoublesFromTenSecondsToFiveMinutes(int crashes, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), CrashBackoff.Delay(crashes));
    }

    [Fact]
    public void After_FirstCrash_StartsAgainAtOnce()
    {
        var state = CrashBackoff.After(null, T0, 137, outOfMemory: false, "killed");

        Assert.Equal(1, state.Crashes);
        Assert.False(state.BackingOff(T0));
        Assert.False(state.CrashLooping(T0));
        Assert.Equal(137, state.LastExitCode);
    }

    [Fact]
    public void After_CrashesAsSoonAsStarted_WaitsLongerEachTime()
    {
        CrashBackoff? state = null;
        var now = T0;
        var waits = new List<double>();
        for (var i = 0; i < 8; i++)
        {
            state = CrashBackoff.After(state, now, 1, false, "boom");
            waits.Add((state.NextStartAt - now).TotalSeconds);
            now = state.NextStartAt + TimeSpan.FromSeconds(1); // starts when allowed, crashes a second later
        }

        Assert.Equal([0, 10, 20, 40, 80, 160, 300, 300], waits);
        Assert.True(state!.CrashLooping(now));
    }

    [Fact]
    public void BackingOff_UntilNextStart_ThenNot()
    {
        var state = CrashBackoff.After(CrashBackoff.After(null, T0, 1, false, ""), T0.AddSeconds(1), 1, false, "");

        Assert.True(state.BackingOff(T0.AddSeconds(10.9)));
        Assert.False(state.BackingOff(T0.AddSeconds(11)));
    }

    [Theory]
    [InlineData(599, 3)] // not yet 10 min since it could run again: the count goes on
    [InlineData(600, 1)] // 10 min healthy: forgiven, replaced at once again
    public void After_CrashAfterLongHealthyRun_CountStartsOver(int healthySeconds, int expectedCrashes)
    {
        var first = CrashBackoff.After(null, T0, 1, false, "");
        var second = CrashBackoff.After(first, T0.AddSeconds(1), 1, false, "");

        var third = CrashBackoff.After(second, second.NextStartAt.AddSeconds(healthySeconds), 2, true, "out of memory");

        Assert.Equal(expectedCrashes, third.Crashes);
        Assert.True(third.OutOfMemory);
    }

    [Fact]
    public void Expired_TenMinutesAfterNextStart_True()
    {
        var state = CrashBackoff.After(CrashBackoff.After(null, T0, 1, false, ""), T0, 1, false, "");

        Assert.False(state.Expired(state.NextStartAt.AddMinutes(9)));
        Assert.True(state.Expired(state.NextStartAt.AddMinutes(10)));
        Assert.False(state.CrashLooping(state.NextStartAt.AddMinutes(10)));
    }
}
