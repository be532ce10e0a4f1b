using AppLauncher.Core.Autoscaling;

namespace AppLauncher.Core.Tests.Autoscaling;

/// <summary>The decider over synthetic traces, with an injected clock: every second a load sample, every 2 s a decision.</summary>
public sealed class KpaDeciderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Plays <paramref name="load"/> (second → total concurrency) and returns the decision at every tick.</summary>
    private sealed class Simulation(AutoscalingPolicy policy, int instances = 1)
    {
        public KpaDecider Decider { get; } = new(policy);

        public Dictionary<string, MetricWindow> Metrics { get; } = new()
        {
            [ScalingMetrics.Concurrency] = new MetricWindow(TimeSpan.FromHours(1)),
            [ScalingMetrics.Rps] = new MetricWindow(TimeSpan.FromHours(1)),
            [ScalingMetrics.Cpu] = new MetricWindow(TimeSpan.FromHours(1)),
        };

        public int Instances { get; private set; } = instances;

        public DateTimeOffset? LastActive { get; private set; }

        public int Held { get; set; }

        public List<(int Second, ScaleDecision Decision)> Run(int from, int to, Func<int, double> load, string metric = ScalingMetrics.Concurrency, Func<int, double>? cpu = null)
        {
            var decisions = new List<(int, ScaleDecision)>();
            for (var s = from; s < to; s++)
            {
                var now = T0.AddSeconds(s);
                var value = load(s);
                Metrics[metric].Record(now, value);
                if (cpu is not null)
                {
                    Metrics[ScalingMetrics.Cpu].Record(now, cpu(s));
                }

                if (value > 0 || Held > 0)
                {
                    LastActive = now;
                }

                if (s % 2 == 0)
                {
                    var decision = Decider.Decide(new ScaleInput(Metrics, Instances, Instances, Held, LastActive), now);
                    Instances = decision.Desired; // instances are ready at once in these tables
                    decisions.Add((s, decision));
                }
            }

            return decisions;
        }
    }

    [Theory]
    [InlineData(70, 1)]
    [InlineData(71, 2)]
    [InlineData(210, 3)]
    [InlineData(700, 10)]
    public void Decide_SteadyConcurrency_InstancesAreLoadOverSeventyPercentOfTarget(double load, int expected)
    {
        var sim = new Simulation(new AutoscalingPolicy(), instances: expected);

        var decisions = sim.Run(0, 120, _ => load);

        Assert.All(decisions.Skip(5), d => Assert.Equal(expected, d.Decision.Desired));
        Assert.All(decisions, d => Assert.False(d.Decision.Panicking));
    }

    [Fact]
    public void Decide_Burst_EntersPanicScalesAtOnceAndNeverDownWhilePanicking()
    {
        var sim = new Simulation(new AutoscalingPolicy());
        sim.Run(0, 120, _ => 50);

        var burst = sim.Run(120, 140, _ => 700);
        var afterBurst = sim.Run(140, 170, _ => 50);

        var firstPanic = burst.First(d => d.Decision.Panicking);
        Assert.Equal(120, firstPanic.Second);
        Assert.True(firstPanic.Decision.Desired >= 2);
        Assert.Equal(10, burst[^1].Decision.Desired);
        Assert.Contains("panic", burst[^1].Decision.Reason);
        Assert.All(afterBurst.Where(d => d.Decision.Panicking), d => Assert.Equal(10, d.Decision.Desired));
    }

    [Fact]
    public void Decide_AfterPanic_LeavesPanicOnceAStableWindowPassesBelowThreshold()
    {
        var sim = new Simulation(new AutoscalingPolicy());
        sim.Run(0, 60, _ => 50);
        sim.Run(60, 70, _ => 700);

        var calm = sim.Run(70, 250, _ => 50);

        var exit = calm.First(d => !d.Decision.Panicking);
        Assert.InRange(exit.Second, 120, 140);
        Assert.Equal(1, calm[^1].Decision.Desired);
    }

    [Fact]
    public void Decide_RampDown_HalvesAtMostPerDecision()
    {
        var sim = new Simulation(new AutoscalingPolicy(), instances: 20);
        sim.Run(0, 120, _ => 1400);

        var down = sim.Run(120, 400, _ => 0);

        var counts = down.Select(d => d.Decision.Desired).ToList();
        for (var i = 1; i < counts.Count; i++)
        {
            Assert.True(counts[i] >= counts[i - 1] / 2, $"{counts[i - 1]} → {counts[i]} is more than halving");
            Assert.True(counts[i] <= counts[i - 1], "no scale-up without load");
        }
    }

    [Fact]
    public void Decide_Idle_KeepsOneForTheGracePeriodThenScalesToZero()
    {
        var sim = new Simulation(new AutoscalingPolicy { StableWindowSeconds = 6 });
        sim.Run(0, 20, _ => 10);

        var idle = sim.Run(20, 80, _ => 0);

        var zero = idle.First(d => d.Decision.Desired == 0);
        Assert.Equal(50, zero.Second); // last request at 19 s, grace 30 s
        Assert.All(idle.TakeWhile(d => d.Second < 50), d => Assert.Equal(1, d.Decision.Desired));
        Assert.Contains("scale to zero", zero.Decision.Reason);
    }

    [Fact]
    public void Decide_MinAboveZero_NeverScalesToZero()
    {
        var sim = new Simulation(new AutoscalingPolicy { Min = 2 });

        var decisions = sim.Run(0, 120, _ => 0);

        Assert.All(decisions, d => Assert.Equal(2, d.Decision.Desired));
    }

    [Fact]
    public void Decide_HeldRequestsAtZero_ScalesFromZeroForThemWithinMax()
    {
        var sim = new Simulation(new AutoscalingPolicy { Target = 10, TargetUtilizationPercent = 100, Max = 3 }, instances: 0);
        sim.Held = 100;

        var decision = sim.Run(0, 1, _ => 0)[0].Decision;

        Assert.Equal(3, decision.Desired);
        Assert.Contains("capped at max 3", decision.Reason);
    }

    [Fact]
    public void Decide_OneHeldRequestAtZero_StartsOne()
    {
        var sim = new Simulation(new AutoscalingPolicy(), instances: 0);
        sim.Held = 1;

        Assert.Equal(1, sim.Run(0, 1, _ => 0)[0].Decision.Desired);
    }

    [Fact]
    public void Decide_RequestsPerSecondTarget_ScalesOnRps()
    {
        var sim = new Simulation(new AutoscalingPolicy { Metric = ScalingMetrics.Rps, Target = 200 }, instances: 4);

        var decisions = sim.Run(0, 120, _ => 500, ScalingMetrics.Rps);

        Assert.Equal(4, decisions[^1].Decision.Desired); // 500 / (200 × 70 %) = 3.6
        Assert.Contains("requests/s", decisions[^1].Decision.Reason);
    }

    [Fact]
    public void Decide_ScaleDownDelay_HoldsTheHighestRecentRecommendation()
    {
        var sim = new Simulation(new AutoscalingPolicy { ScaleDownDelaySeconds = 60, StableWindowSeconds = 6 }, instances: 3);
        sim.Run(0, 30, _ => 210);

        var after = sim.Run(30, 120, _ => 70);

        Assert.All(after.Where(d => d.Second < 30 + 55), d => Assert.Equal(3, d.Decision.Desired));
        Assert.Equal(1, after[^1].Decision.Desired);
    }

    [Fact]
    public void Decide_CpuAlarm_AddsTwoAfterThreeHundredSecondsThenWaitsTheCooldown()
    {
        // "average CPU >= 90 % for 300 s → +2 instances, at most 100, cooldown 60 s", with no target metric.
        var policy = new AutoscalingPolicy
        {
            Metric = "none",
            Min = 1,
            Max = 100,
            Steps = [new StepPolicy { Metric = ScalingMetrics.Cpu, Operator = ">=", Threshold = 90, ForSeconds = 300, Change = 2, CooldownSeconds = 60 }],
        };
        var sim = new Simulation(policy, instances: 1);

        var decisions = sim.Run(0, 420, _ => 5, cpu: _ => 95);

        Assert.All(decisions.Where(d => d.Second < 300), d => Assert.Equal(1, d.Decision.Desired));
        var first = decisions.First(d => d.Decision.Desired > 1);
        Assert.Equal(300, first.Second); // the first decision whose 300 s window lies inside the history (samples from 0 s)
        Assert.Equal(3, first.Decision.Desired);
        Assert.Contains("alarm cpu >= 90 for 300 s: 1 → 3 (cooldown 60 s)", first.Decision.Reason);
        var second = decisions.First(d => d.Decision.Desired > 3);
        Assert.Equal(first.Second + 60, second.Second);
        Assert.Equal(5, second.Decision.Desired);
    }

    [Fact]
    public void Decide_CpuAlarm_DipBelowThresholdRestartsTheDuration()
    {
        var policy = new AutoscalingPolicy
        {
            Metric = "none",
            Min = 1,
            Steps = [new StepPolicy { Metric = ScalingMetrics.Cpu, Threshold = 90, ForSeconds = 300, Change = 2, CooldownSeconds = 60 }],
        };
        var sim = new Simulation(policy);

        var decisions = sim.Run(0, 520, _ => 1, cpu: s => s == 200 ? 50 : 95);

        // Without the dip it would fire at 300 s; the window must start after 200 s, so 500 s.
        Assert.Equal(500, decisions.First(d => d.Decision.Desired > 1).Second);
    }

    [Fact]
    public void Decide_AlarmCappedByMax()
    {
        var policy = new AutoscalingPolicy
        {
            Metric = "none",
            Min = 1,
            Max = 4,
            Steps = [new StepPolicy { Metric = ScalingMetrics.Cpu, Threshold = 90, ForSeconds = 10, Change = 2, CooldownSeconds = 10 }],
        };
        var sim = new Simulation(policy);

        var decisions = sim.Run(0, 100, _ => 1, cpu: _ => 99);

        Assert.Equal(4, decisions.Max(d => d.Decision.Desired));
        Assert.Equal(4, decisions[^1].Decision.Desired);
    }

    [Fact]
    public void Decide_ScaleInAlarm_RemovesInstancesTheTargetDoesNotNeed()
    {
        var policy = new AutoscalingPolicy
        {
            Metric = "none",
            Min = 1,
            Steps =
            [
                new StepPolicy { Metric = ScalingMetrics.Cpu, Operator = ">=", Threshold = 90, ForSeconds = 10, Change = 2, CooldownSeconds = 10 },
                new StepPolicy { Metric = ScalingMetrics.Cpu, Operator = "<", Threshold = 20, ForSeconds = 10, Change = -1, CooldownSeconds = 10 },
            ],
        };
        var sim = new Simulation(policy);
        sim.Run(0, 24, _ => 1, cpu: _ => 99);
        var high = sim.Instances;

        var decisions = sim.Run(24, 80, _ => 1, cpu: _ => 5);

        Assert.True(high >= 3);
        Assert.Equal(1, decisions[^1].Decision.Desired);
        Assert.Contains(decisions, d => d.Decision.Desired == high - 1);
    }

    [Fact]
    public void Decide_ScheduledMinimum_RaisesTheFloorInsideTheWindowOnly()
    {
        var policy = new AutoscalingPolicy
        {
            Schedules = [new ScheduledMinimum { Start = "50 8 * * 1-5", End = "0 18 * * 1-5", Min = 3 }],
        };
        var decider = new KpaDecider(policy);
        var empty = new Dictionary<string, MetricWindow>();

        int At(string time) => decider.Decide(new ScaleInput(empty, 0, 0, 0, null), DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture)).Desired;

        Assert.Equal(0, At("2026-11-23T08:49:59Z")); // Monday
        Assert.Equal(3, At("2026-11-23T08:50:00Z"));
        Assert.Equal(3, At("2026-11-23T17:59:59Z"));
        Assert.Equal(0, At("2026-11-23T18:00:00Z"));
        Assert.Equal(0, At("2026-11-28T10:00:00Z")); // Saturday
        Assert.Contains("scheduled minimum 3", decider.Decide(new ScaleInput(empty, 0, 0, 0, null), DateTimeOffset.Parse("2026-11-24T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture)).Reason);
    }

    [Fact]
    public void Decide_ScheduledMinimumInTimeZone_FollowsLocalTime()
    {
        var policy = new AutoscalingPolicy
        {
            Schedules = [new ScheduledMinimum { Start = "0 9 * * *", End = "0 17 * * *", Min = 2, TimeZone = "Asia/Tokyo" }],
        };
        var decider = new KpaDecider(policy);
        var empty = new Dictionary<string, MetricWindow>();

        Assert.Equal(2, decider.Decide(new ScaleInput(empty, 0, 0, 0, null), new DateTimeOffset(2026, 11, 23, 0, 30, 0, TimeSpan.Zero)).Desired); // 09:30 in Tokyo
        Assert.Equal(0, decider.Decide(new ScaleInput(empty, 0, 0, 0, null), new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero)).Desired); // 21:00 in Tokyo
    }
}
