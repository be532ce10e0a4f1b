using AppLauncher.Core.Autoscaling;
using AppLauncher.Core.Autoscaling.Simulation;

namespace AppLauncher.Core.Tests.Autoscaling;

/// <summary>The trace replay: small traces whose outcome can be worked out by hand, and trace files that are not traces.</summary>
public sealed class AutoscalerSimulationTests
{
    private static SimulationResult Run(AutoscalingPolicy policy, params TraceRequest[] trace) =>
        new AutoscalerSimulation("test", policy, new SimulationOptions()).Run(trace);

    [Fact]
    public void Run_OneRequest_OneCreateItsWaitAndTheInstanceTimeUntilItEnds()
    {
        var result = Run(SimulatedPolicies.KnativeDefaults(), new TraceRequest(0, 1));

        Assert.Equal(1, result.Served);
        Assert.Equal(1, result.ColdStarts);
        Assert.Equal(1, result.Creates);
        Assert.Equal(1, result.Delayed);
        Assert.Equal(0.456, result.WaitMaxSeconds, 6);
        Assert.Equal(1.456, result.RunningInstanceSeconds, 6);
        Assert.Equal(1.456, result.DurationSeconds, 6);
    }

    [Fact]
    public void Run_TwoRequestsFiveMinutesApart_KnativeCreatesTwiceThePausedTierThaws()
    {
        TraceRequest[] trace = [new(0, 0.1), new(290, 0.1)];

        var knative = Run(SimulatedPolicies.KnativeDefaults(), trace);
        var ours = Run(new AutoscalingPolicy(), trace);

        Assert.Equal((2, 0, 2), (knative.ColdStarts, knative.Thaws, knative.Delayed));
        Assert.Equal((1, 1, 1), (ours.ColdStarts, ours.Thaws, ours.Delayed));
        Assert.Equal(0.041, ours.WaitP50Seconds, 6); // the thaw (the first request waited for the create)
        Assert.Equal(0.456, ours.WaitMaxSeconds, 6);
        // Both keep the instance running until the stable window empties (60 s) and the next tick; the second start
        // runs for its create (0.456 s) or its thaw (0.041 s).
        Assert.Equal(knative.RunningInstanceSeconds - (0.456 - 0.041), ours.RunningInstanceSeconds, 6);
        Assert.InRange(knative.RunningInstanceSeconds, 60, 64 + 1);
        Assert.True(ours.PausedInstanceSeconds > 200, $"{ours.PausedInstanceSeconds} s paused");
    }

    [Fact]
    public void Run_PausedTierExpired_StartsFromTheStoppedTier()
    {
        var result = Run(new AutoscalingPolicy { PausedTierSeconds = 10, StoppedTierSeconds = 600 }, new TraceRequest(0, 0.1), new TraceRequest(200, 0.1));

        Assert.Equal((1, 1, 0), (result.Creates, result.Starts, result.Thaws));
        Assert.Equal(2, result.ColdStarts);
    }

    [Fact]
    public void Run_MoreAtOnceThanAnInstanceTakes_HeldThenScaledOut()
    {
        // Ten requests of 30 s at once, one per instance (the target is the instance's concurrency): the activator holds nine, the decider sees them and adds instances.
        var trace = Enumerable.Range(0, 10).Select(i => new TraceRequest(i * 0.001, 30)).ToArray();

        var result = Run(new AutoscalingPolicy { Target = 1, TargetUtilizationPercent = 100 }, trace);

        Assert.Equal(10, result.Served);
        Assert.Equal(0, result.Refused);
        Assert.True(result.PeakInstances >= 10, $"peak {result.PeakInstances}");
        Assert.Equal(10, result.Delayed);
        Assert.True(result.WaitMaxSeconds < 5, $"the last held request waited {result.WaitMaxSeconds} s");
    }

    [Fact]
    public void Run_MoreHeldThanThePolicyAllows_RefusedAtOnce()
    {
        var trace = Enumerable.Range(0, 5).Select(i => new TraceRequest(i * 0.001, 1)).ToArray();

        var result = Run(new AutoscalingPolicy { MaxHeldRequests = 2 }, trace);

        Assert.Equal(3, result.Refused);
        Assert.Equal(2, result.Served);
    }

    [Fact]
    public void Run_BurstyTrace_OurDefaultsBeatKnativeOnColdStartsAndDelayAtNoMoreInstanceTime()
    {
        // Bursts of 20 requests over 2 s, separated by idle minutes (70–250 s): the shape of the code trace, made here.
        var trace = new List<TraceRequest>();
        var random = new Random(7);
        var at = 0.0;
        for (var burst = 0; burst < 30; burst++)
        {
            for (var i = 0; i < 20; i++)
            {
                trace.Add(new TraceRequest(at + (i * 0.1), 0.02 + (random.NextDouble() * 0.05)));
            }

            at += 70 + (random.NextDouble() * 180);
        }

        var knative = Run(SimulatedPolicies.KnativeDefaults(), [.. trace]);
        var ours = Run(new AutoscalingPolicy(), [.. trace]);
        var learned = Run(new AutoscalingPolicy { KeepAlive = KeepAliveModes.Learned }, [.. trace]);

        Assert.Equal(30, knative.ColdStarts);
        Assert.True(ours.ColdStarts < knative.ColdStarts && ours.Delayed < knative.Delayed, $"{ours} vs {knative}");
        Assert.True(ours.RunningInstanceSeconds <= knative.RunningInstanceSeconds, $"{ours} vs {knative}");
        Assert.True(learned.ColdStarts <= ours.ColdStarts && learned.Delayed <= ours.Delayed, $"{learned} vs {ours}");
        Assert.True(learned.RunningInstanceSeconds < ours.RunningInstanceSeconds / 2, $"{learned} vs {ours}");
    }

    [Theory]
    [InlineData("", "the trace is empty")]
    [InlineData("when,tokens\n", "line 1: the header 'when,tokens' lacks TIMESTAMP or GeneratedTokens")]
    [InlineData("TIMESTAMP,ContextTokens,GeneratedTokens\n", "a header but no requests")]
    [InlineData("TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:17:03.97,1,2\nyesterday,1,2\n", "line 3: 'yesterday' is not a timestamp")]
    [InlineData("TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:17:03.97,1,-2\n", "line 2: GeneratedTokens '-2' is not a count")]
    [InlineData("TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:17:03.97,1\n", "line 2: 2 fields, the header has 3")]
    [InlineData("TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:17:03.97,1,99999999999999999999\n", "is not a count between 0 and 1000000")]
    public void Parse_NotATrace_NamesTheLineAndWhat(string text, string expected)
    {
        var requests = ArrivalTrace.Parse(new StringReader(text), 0.001, out var error);

        Assert.Empty(requests);
        Assert.NotNull(error);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void Parse_LongLine_RefusedWithItsLength()
    {
        var text = "TIMESTAMP,ContextTokens,GeneratedTokens\n" + new string('9', 5000) + "\n";

        ArrivalTrace.Parse(new StringReader(text), 0.001, out var error);

        Assert.Equal("line 2: 5000 characters, more than 1024", error);
    }

    [Fact]
    public void Parse_OutOfOrderWithByteOrderMark_SortedFromTheFirstArrivalWithServiceFromTokens()
    {
        const string Text = "\uFEFFTIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:17:05.5000000,10,200\n2023-11-16 18:17:03.0000000,10,50\n\n";

        var requests = ArrivalTrace.Parse(new StringReader(Text), 0.001, out var error);

        Assert.Null(error);
        Assert.Equal([new TraceRequest(0, 0.05), new TraceRequest(2.5, 0.2)], requests);
    }
}
