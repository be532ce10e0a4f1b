using AppLauncher.Core.Autoscaling;

namespace AppLauncher.Core.Tests.Autoscaling;

/// <summary>The decider never asks for more than the cap its input carries, whatever the load, steps or minimum say.</summary>
public sealed class KpaDeciderCapTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static ScaleDecision Decide(AutoscalingPolicy policy, InstanceCap cap, int held = 0, double concurrency = 0, int instances = 1, List<ScaleDecision>? all = null)
    {
        var decider = new KpaDecider(policy);
        var window = new MetricWindow(TimeSpan.FromHours(1));
        var metrics = new Dictionary<string, MetricWindow> { [ScalingMetrics.Concurrency] = window, [ScalingMetrics.Cpu] = new MetricWindow(TimeSpan.FromHours(1)) };
        ScaleDecision decision = null!;
        for (var s = 0; s < 60; s++)
        {
            var now = T0.AddSeconds(s);
            window.Record(now, concurrency);
            metrics[ScalingMetrics.Cpu].Record(now, 95);
            if (s % 2 == 0)
            {
                decision = decider.Decide(new ScaleInput(metrics, instances, instances, held, now) { Cap = cap }, now);
                instances = decision.Desired;
                all?.Add(decision);
            }
        }

        return decision;
    }

    [Theory]
    //          load (concurrency), policy max, cap → desired
    [InlineData(7000, 0, 10, 10)]   // max 0 no longer means unbounded: the per-app default holds
    [InlineData(7000, 0, 3, 3)]     // the platform's room is tighter
    [InlineData(7000, 50, 50, 50)]  // an explicit max is the cap the caller passes
    [InlineData(140, 0, 10, 2)]     // under the cap the load decides
    [InlineData(7000, 0, 0, 0)]     // the platform is full: no new instance, even under load
    public void Decide_LoadAboveCap_DesiredIsTheCap(double load, int policyMax, int cap, int expected)
    {
        var policy = new AutoscalingPolicy { Max = policyMax };

        var decision = Decide(policy, new InstanceCap(cap, $"cap {cap}"), concurrency: load);

        Assert.Equal(expected, decision.Desired);
    }

    [Fact]
    public void Decide_HeldRequestsAtZeroWithFullPlatform_StaysAtZeroAndSaysWhy()
    {
        var cap = InstanceCap.For(0, 10, 1000, 1000);

        var decision = Decide(new AutoscalingPolicy(), cap, held: 100, instances: 0);

        Assert.Equal(0, decision.Desired);
        Assert.Contains("capped at platform cap 1000", decision.Reason);
    }

    [Fact]
    public void Decide_MinimumAboveCap_CapWins()
    {
        var decision = Decide(new AutoscalingPolicy { Min = 5 }, new InstanceCap(2, "platform cap"));

        Assert.Equal(2, decision.Desired);
    }

    [Fact]
    public void Decide_StepAlarmBeyondCap_NeverAsksMore()
    {
        var policy = new AutoscalingPolicy
        {
            Metric = ScalingMetrics.Cpu,
            Steps = [new StepPolicy { Metric = ScalingMetrics.Cpu, Operator = ">=", Threshold = 80, ForSeconds = 2, Change = 5, CooldownSeconds = 0 }],
        };
        var all = new List<ScaleDecision>();

        Decide(policy, new InstanceCap(4, "default max 4 per app"), all: all);

        Assert.All(all, d => Assert.InRange(d.Desired, 0, 4));
        Assert.Contains(all, d => d.Desired == 4);
    }
}
