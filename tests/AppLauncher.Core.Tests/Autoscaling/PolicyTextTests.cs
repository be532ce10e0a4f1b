using AppLauncher.Core.Autoscaling;

namespace AppLauncher.Core.Tests.Autoscaling;

public sealed class PolicyTextTests
{
    [Theory]
    [InlineData("cpu>=90 for 300s +2 cooldown 60s", "cpu", ">=", 90, 300, 2, 60)]
    [InlineData("CPU >= 90% for 300 s +2 cooldown 60 s", "cpu", ">=", 90, 300, 2, 60)]
    [InlineData("memory<20 for 600s -1", "memory", "<", 20, 600, -1, 60)]
    [InlineData("p95-latency>250.5 for 30s +1 cooldown 0s", "p95-latency", ">", 250.5, 30, 1, 0)]
    public void ParseStep_ShortForm(string text, string metric, string op, double threshold, int forSeconds, int change, int cooldown)
    {
        var step = PolicyText.ParseStep(text, out var error);

        Assert.Null(error);
        Assert.Equal((metric, op, threshold, forSeconds, change, cooldown), (step!.Metric, step.Operator, step.Threshold, step.ForSeconds, step.Change, step.CooldownSeconds));
    }

    [Theory]
    [InlineData("cpu above 90")]
    [InlineData("cpu>=90 for 300s")]
    [InlineData("cpu>=90 for 5m +2")]
    public void ParseStep_Malformed_SaysHowToWriteIt(string text)
    {
        Assert.Null(PolicyText.ParseStep(text, out var error));
        Assert.Contains("e.g. 'cpu>=90 for 300s +2 cooldown 60s'", error);
    }

    [Fact]
    public void ParseSchedule_ShortForm()
    {
        var schedule = PolicyText.ParseSchedule("50 8 * * 1-5 .. 0 18 * * 1-5 min 3 tz Europe/Paris", out var error);

        Assert.Null(error);
        Assert.Equal(("50 8 * * 1-5", "0 18 * * 1-5", 3, "Europe/Paris"), (schedule!.Start, schedule.End, schedule.Min, schedule.TimeZone));
    }

    [Fact]
    public void Format_RoundTrips()
    {
        var step = PolicyText.ParseStep("cpu>=90 for 300s +2 cooldown 60s", out _)!;
        var schedule = PolicyText.ParseSchedule("50 8 * * 1-5 .. 0 18 * * 1-5 min 3", out _)!;

        Assert.Equal("cpu>=90 for 300s +2 cooldown 60s", PolicyText.Format(step));
        Assert.Equal("50 8 * * 1-5 .. 0 18 * * 1-5 min 3", PolicyText.Format(schedule));
    }
}
