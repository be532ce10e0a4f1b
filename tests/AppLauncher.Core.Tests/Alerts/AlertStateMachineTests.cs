using AppLauncher.Core.Alerts;

namespace AppLauncher.Core.Tests.Alerts;

public sealed class AlertStateMachineTests
{
    private static readonly AlertCondition ErrorRate = AlertRuleText.Parse("5xx-rate>=5% for 60s", out _)!;
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private readonly Clock _time = new();

    private AlertNotice Step(ref AlertState state, double? value, AlertCondition? condition = null, TimeSpan? repeat = null)
    {
        (state, var notice) = AlertStateMachine.Step(state, condition ?? ErrorRate, value, _time.GetUtcNow(), repeat ?? Hour);
        return notice;
    }

    [Fact]
    public void Step_BreachedForTheWholeDuration_GoesPendingThenFiresOnceThenResolves()
    {
        var state = AlertState.Inactive;

        Assert.Equal(AlertNotice.None, Step(ref state, 50));
        Assert.Equal(AlertPhase.Pending, state.Phase);
        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(AlertNotice.None, Step(ref state, 10));
        Assert.Equal(AlertPhase.Pending, state.Phase);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(AlertNotice.Firing, Step(ref state, 10));
        Assert.Equal(AlertPhase.Firing, state.Phase);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(AlertNotice.None, Step(ref state, 100));
        Assert.Equal(AlertNotice.Resolved, Step(ref state, 0));
        Assert.Equal(AlertState.Inactive, state);
        Assert.Equal(AlertNotice.None, Step(ref state, 0));
    }

    [Fact]
    public void Step_BreachEndsWhilePending_StartsOverWithoutANotice()
    {
        var state = AlertState.Inactive;
        Step(ref state, 50);
        _time.Advance(TimeSpan.FromSeconds(50));

        Assert.Equal(AlertNotice.None, Step(ref state, 4.9));
        Assert.Equal(AlertState.Inactive, state);
        Step(ref state, 50);
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(AlertNotice.None, Step(ref state, 50)); // 30 s into the new breach, not 80
    }

    [Fact]
    public void Step_NoTrafficAtAll_NeitherFiresNorKeepsFiring()
    {
        var state = AlertState.Inactive;
        Assert.Equal(AlertNotice.None, Step(ref state, null));
        Assert.Equal(AlertState.Inactive, state);

        var firing = new AlertState(AlertPhase.Firing, _time.GetUtcNow(), _time.GetUtcNow());
        Assert.Equal(AlertNotice.Resolved, Step(ref firing, null));
    }

    [Fact]
    public void Step_StillFiringAfterTheRepeatInterval_RepeatsOncePerInterval()
    {
        var state = AlertState.Inactive;
        Step(ref state, 50);
        _time.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(AlertNotice.Firing, Step(ref state, 50, repeat: TimeSpan.FromMinutes(5)));

        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(AlertNotice.None, Step(ref state, 50, repeat: TimeSpan.FromMinutes(5)));
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(AlertNotice.Repeat, Step(ref state, 50, repeat: TimeSpan.FromMinutes(5)));
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(AlertNotice.None, Step(ref state, 50, repeat: TimeSpan.FromMinutes(5)));
        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(AlertNotice.Repeat, Step(ref state, 50, repeat: TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void Step_RepeatZero_NeverRepeats()
    {
        var state = AlertState.Inactive;
        Step(ref state, 50, repeat: TimeSpan.Zero);
        _time.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(AlertNotice.Firing, Step(ref state, 50, repeat: TimeSpan.Zero));
        _time.Advance(TimeSpan.FromDays(7));

        Assert.Equal(AlertNotice.None, Step(ref state, 50, repeat: TimeSpan.Zero));
    }

    [Theory]
    [InlineData("instances<1 for 10s", 0, true)]
    [InlineData("instances<1 for 10s", 1, false)]
    [InlineData("cpu>90 for 10s", 90, false)]
    [InlineData("cpu>=90 for 10s", 90, true)]
    [InlineData("p95-latency<=100ms for 10s", 100, true)]
    public void Breached_EachOperator_ComparesWithTheThreshold(string text, double value, bool breached)
    {
        Assert.Equal(breached, AlertRuleText.Parse(text, out _)!.Breached(value));
    }

    /// <summary>The clock the machine is handed: moved forward by the test, never read from the system.</summary>
    private sealed class Clock
    {
        private DateTimeOffset _now = new(2026, 12, 2, 5, 0, 0, TimeSpan.Zero);

        public DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
