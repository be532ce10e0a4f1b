using AppLauncher.Core.Autoscaling;

namespace AppLauncher.Core.Tests.Autoscaling;

public sealed class AutoscalingPolicyValidatorTests
{
    private static IEnumerable<string> Errors(AutoscalingPolicy policy) =>
        new AutoscalingPolicyValidator().Validate(policy).Errors.Select(e => $"{e.PropertyName}: {e.ErrorMessage}");

    [Fact]
    public void Validate_Defaults_AreValid()
    {
        Assert.Empty(Errors(new AutoscalingPolicy()));
    }

    [Fact]
    public void Validate_TheCpuAlarmOfTheIssue_IsValid()
    {
        var policy = new AutoscalingPolicy
        {
            Max = 100,
            Steps = [new StepPolicy { Metric = "cpu", Operator = ">=", Threshold = 90, ForSeconds = 300, Change = 2, CooldownSeconds = 60 }],
            Schedules = [new ScheduledMinimum { Start = "50 8 * * 1-5", End = "0 18 * * 1-5", Min = 3 }],
        };

        Assert.Empty(Errors(policy));
    }

    public static TheoryData<AutoscalingPolicy, string> Invalid => new()
    {
        { new AutoscalingPolicy { Min = 5, Max = 2 }, "Max: must be at least min (5)" },
        { new AutoscalingPolicy { Min = -1 }, "Min: must be between 0 and 1000" },
        { new AutoscalingPolicy { StableWindowSeconds = 5 }, "StableWindowSeconds: must be between 6 and 3600" },
        { new AutoscalingPolicy { PanicThresholdPercent = 100 }, "PanicThresholdPercent" },
        { new AutoscalingPolicy { Metric = "cpu" }, "'cpu' is not a target metric" },
        { new AutoscalingPolicy { Target = 0 }, "Target: must be greater than 0" },
        { new AutoscalingPolicy { MaxScaleDownRate = 1 }, "MaxScaleDownRate" },
        { new AutoscalingPolicy { Steps = [new StepPolicy { Metric = "disk", Change = 1 }] }, "'disk' is not a step metric" },
        { new AutoscalingPolicy { Steps = [new StepPolicy { Operator = "=>", Change = 1 }] }, "'=>' is not a comparison" },
        { new AutoscalingPolicy { Steps = [new StepPolicy { Change = 0 }] }, "not 0" },
        { new AutoscalingPolicy { Steps = [new StepPolicy { Threshold = 150, Change = 1 }] }, "is a percentage" },
        { new AutoscalingPolicy { Schedules = [new ScheduledMinimum { Start = "8:50 weekdays", End = "0 18 * * *", Min = 3 }] }, "not a 5-field cron expression" },
        { new AutoscalingPolicy { Schedules = [new ScheduledMinimum { Start = "0 8 * * *", End = "0 18 * * *", Min = 3, TimeZone = "Mars/Olympus" }] }, "not an IANA time zone" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_Invalid_NamesTheFieldAndTheRule(AutoscalingPolicy policy, string expected)
    {
        Assert.Contains(Errors(policy), e => e.Contains(expected, StringComparison.Ordinal));
    }
}
