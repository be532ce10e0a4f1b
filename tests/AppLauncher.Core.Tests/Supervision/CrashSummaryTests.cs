using AppLauncher.Core.Supervision;

namespace AppLauncher.Core.Tests.Supervision;

public sealed class CrashSummaryTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 1, 0, 0, TimeSpan.Zero);

    private static CrashBackoff Crash(int crashes, int? exitCode, double nextInSeconds, bool outOfMemory = false) =>
        new(crashes, Now.AddSeconds(-1), Now.AddSeconds(nextInSeconds), exitCode, outOfMemory, "boom");

    [Theory]
    [InlineData(3, 1, 40, false, "crashing (exit 1, 3 restarts, next try in 40s)")]
    [InlineData(2, 3, 9.2, false, "crashing (exit 3, 2 restarts, next try in 10s)")]
    [InlineData(7, 1, 150, false, "crashing (exit 1, 7 restarts, next try in 2m30s)")]
    [InlineData(9, 1, 300, false, "crashing (exit 1, 9 restarts, next try in 5m)")]
    [InlineData(4, 137, 20, true, "crashing (out of memory, 4 restarts, next try in 20s)")]
    [InlineData(2, null, 5, false, "crashing (ended, 2 restarts, next try in 5s)")]
    [InlineData(2, 1, -3, false, "crashing (exit 1, 2 restarts, restarting)")]
    public void Describe_Crashing_ExitRestartsAndNextTry(int crashes, int? exitCode, double nextIn, bool oom, string expected) =>
        Assert.Equal(expected, CrashSummary.Describe(CrashSummary.Crashing, Crash(crashes, exitCode, nextIn, oom), Now));

    [Fact]
    public void Describe_RunningAfterAKill_OneRestartAndLastExit() =>
        Assert.Equal("running (1 restart, last exit 137)", CrashSummary.Describe("running", Crash(1, 137, 0), Now));

    [Theory]
    [InlineData(1, 0, false, false)]   // one crash, replaced at once: not a crash loop
    [InlineData(2, 10, false, true)]   // backing off, nothing serves
    [InlineData(2, 10, true, false)]   // another instance serves
    [InlineData(3, -5, false, true)]   // back-off over, still looping until a start succeeds
    [InlineData(3, -700, false, false)] // forgiven after 10 min without a crash
    public void IsCrashing_ByBackoffLoopAndServing(int crashes, double nextIn, bool serving, bool expected) =>
        Assert.Equal(expected, CrashSummary.IsCrashing(Crash(crashes, 1, nextIn), serving, Now));
}
