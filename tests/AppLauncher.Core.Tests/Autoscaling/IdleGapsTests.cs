using AppLauncher.Core.Autoscaling;

namespace AppLauncher.Core.Tests.Autoscaling;

/// <summary>The learned keep-alive: idle gaps read from per-second concurrency, and the decider scaling to zero by them.</summary>
public sealed class IdleGapsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Bursts of <paramref name="busy"/> active seconds separated by <paramref name="gap"/> idle ones, from second 0.</summary>
    private static MetricWindow Bursts(int count, int busy, int gap, double load = 0.4)
    {
        var window = new MetricWindow(TimeSpan.FromHours(2));
        var second = 0;
        for (var b = 0; b < count; b++)
        {
            for (var i = 0; i < busy; i++)
            {
                window.Record(T0.AddSeconds(second++), load);
            }

            for (var i = 0; i < gap; i++)
            {
                window.Record(T0.AddSeconds(second++), 0);
            }
        }

        window.Record(T0.AddSeconds(second), load); // the last gap ends
        return window;
    }

    [Fact]
    public void KeepAlive_FewerThanEightGaps_IsTheStableWindow()
    {
        var gaps = new IdleGaps();
        gaps.Observe(Bursts(count: 7, busy: 2, gap: 3), T0.AddSeconds(100));

        Assert.Equal(7, gaps.Count);
        Assert.Equal(TimeSpan.FromSeconds(60), gaps.KeepAlive(new AutoscalingPolicy()));
    }

    [Theory]
    [InlineData(3, 6)] // twice the median
    [InlineData(1, 2)] // never under 2 s
    [InlineData(45, 60)] // never over the stable window
    [InlineData(60, 2)] // every pause as long as the stable window: waiting bridges none
    public void KeepAlive_TwiceTheMedianGap_BetweenTwoSecondsAndTheStableWindow(int gap, int expected)
    {
        var gaps = new IdleGaps();
        var window = Bursts(count: 20, busy: 2, gap: gap);

        gaps.Observe(window, T0.AddSeconds((20 * (2 + gap)) + 2));

        Assert.Equal(20, gaps.Count);
        Assert.Equal(TimeSpan.FromSeconds(expected), gaps.KeepAlive(new AutoscalingPolicy()));
    }

    [Fact]
    public void Observe_ReadInPieces_CountsEachGapOnce()
    {
        var window = Bursts(count: 10, busy: 1, gap: 4);
        var gaps = new IdleGaps();

        for (var s = 0; s <= 52; s += 2)
        {
            gaps.Observe(window, T0.AddSeconds(s));
        }

        Assert.Equal(10, gaps.Count);
        Assert.Equal(TimeSpan.FromSeconds(8), gaps.KeepAlive(new AutoscalingPolicy()));
    }

    [Fact]
    public void Observe_MedianOfTheMix_NotTheLongOnes()
    {
        // Nine short pauses and three long ones: keep-alive follows the short, typical pauses.
        var window = new MetricWindow(TimeSpan.FromHours(2));
        var second = 0;
        foreach (var gap in new[] { 2, 2, 3, 2, 300, 2, 3, 2, 200, 2, 2, 400 })
        {
            window.Record(T0.AddSeconds(second++), 1);
            second += gap; // unrecorded seconds count as zero
        }

        window.Record(T0.AddSeconds(second), 1);
        var gaps = new IdleGaps();
        gaps.Observe(window, T0.AddSeconds(second + 1));

        Assert.Equal(12, gaps.Count);
        Assert.Equal(TimeSpan.FromSeconds(4), gaps.KeepAlive(new AutoscalingPolicy()));
    }

    [Fact]
    public void Decide_LearnedKeepAlive_ScalesToZeroAfterTheLearnedTimeNotAfterTheStableWindow()
    {
        var learned = new KpaDecider(new AutoscalingPolicy { KeepAlive = KeepAliveModes.Learned });
        var knative = new KpaDecider(new AutoscalingPolicy());
        var window = Bursts(count: 20, busy: 2, gap: 3); // seconds 0..100, then silence
        var metrics = new Dictionary<string, MetricWindow> { [ScalingMetrics.Concurrency] = window };
        var lastActive = T0.AddSeconds(100);

        int? ZeroAt(KpaDecider decider)
        {
            for (var s = 102; s < 300; s += 2)
            {
                var decision = decider.Decide(new ScaleInput(metrics, 1, 1, 0, lastActive), T0.AddSeconds(s));
                if (decision.Desired == 0)
                {
                    return s;
                }
            }

            return null;
        }

        var learnedZero = ZeroAt(learned);
        var knativeZero = ZeroAt(knative);

        Assert.Equal(106, learnedZero); // 6 s (twice the 3 s gaps) after the last request, at the first tick past it
        Assert.InRange(knativeZero!.Value, 160, 162); // the stable window empties 60 s after the last request
    }

    [Fact]
    public void Decide_LearnedKeepAlive_HeldRequestsKeepTheAppUp()
    {
        var decider = new KpaDecider(new AutoscalingPolicy { KeepAlive = KeepAliveModes.Learned });
        var metrics = new Dictionary<string, MetricWindow> { [ScalingMetrics.Concurrency] = Bursts(count: 20, busy: 2, gap: 3) };

        var decision = decider.Decide(new ScaleInput(metrics, 0, 0, 3, T0.AddSeconds(100)), T0.AddSeconds(200));

        Assert.True(decision.Desired >= 1, decision.Reason);
    }

    [Fact]
    public void Validate_UnknownKeepAlive_NamesTheChoices()
    {
        var result = new AutoscalingPolicyValidator().Validate(new AutoscalingPolicy { KeepAlive = "forever" });

        var error = Assert.Single(result.Errors);
        Assert.Equal(nameof(AutoscalingPolicy.KeepAlive), error.PropertyName);
        Assert.Contains("expected knative", error.ErrorMessage);
        Assert.Contains("learned", error.ErrorMessage);
    }
}
