using FluentValidation;

namespace AppLauncher.Core.Autoscaling;

/// <summary>Rules for an app's autoscaling policy, from its launcher.yaml or the API; each message names the rule and the fix.</summary>
public sealed class AutoscalingPolicyValidator : AbstractValidator<AutoscalingPolicy>
{
    /// <summary>The platform's bound on instances per app, so a typo cannot start thousands of containers.</summary>
    public const int PlatformMax = 1000;

    private static readonly string[] TargetMetrics = [ScalingMetrics.Concurrency, ScalingMetrics.Rps, "none"];
    private static readonly string[] StepMetrics = [ScalingMetrics.Cpu, ScalingMetrics.Memory, ScalingMetrics.Concurrency, ScalingMetrics.Rps, ScalingMetrics.P95Latency];
    private static readonly string[] Operators = [">=", ">", "<=", "<"];

    public AutoscalingPolicyValidator()
    {
        RuleFor(p => p.Min).InclusiveBetween(0, PlatformMax).WithMessage($"must be between 0 and {PlatformMax}");
        RuleFor(p => p.Max).InclusiveBetween(0, PlatformMax).WithMessage($"must be between 0 (no bound) and {PlatformMax}");
        RuleFor(p => p.Max).GreaterThanOrEqualTo(p => p.Min).When(p => p.Max > 0)
            .WithMessage("must be at least min ({ComparisonValue}); raise max or lower min");
        RuleFor(p => p.Initial).GreaterThanOrEqualTo(0).WithMessage("must be 0 or more");
        RuleFor(p => p.Initial).LessThanOrEqualTo(p => p.Max).When(p => p.Max > 0).WithMessage("must not exceed max ({ComparisonValue})");
        RuleFor(p => p.Metric).Must(m => TargetMetrics.Contains(m))
            .WithMessage($"'{{PropertyValue}}' is not a target metric; expected one of: {string.Join(", ", TargetMetrics)}");
        RuleFor(p => p.Target).GreaterThan(0).When(p => p.Metric != "none").WithMessage("must be greater than 0 (per instance)");
        RuleFor(p => p.TargetUtilizationPercent).InclusiveBetween(1, 100).WithMessage("must be between 1 and 100 percent");
        RuleFor(p => p.StableWindowSeconds).InclusiveBetween(6, 3600).WithMessage("must be between 6 and 3600 seconds (Knative's range)");
        RuleFor(p => p.PanicWindowPercent).InclusiveBetween(1, 100).WithMessage("must be between 1 and 100 percent of the stable window");
        RuleFor(p => p.PanicThresholdPercent).InclusiveBetween(110, 1000).WithMessage("must be between 110 and 1000 percent");
        RuleFor(p => p.MaxScaleUpRate).GreaterThan(1).WithMessage("must be greater than 1");
        RuleFor(p => p.MaxScaleDownRate).GreaterThan(1).WithMessage("must be greater than 1");
        RuleFor(p => p.ScaleToZeroGracePeriodSeconds).InclusiveBetween(0, 3600).WithMessage("must be between 0 and 3600 seconds");
        RuleFor(p => p.KeepAlive).Must(k => k is KeepAliveModes.Knative or KeepAliveModes.Learned)
            .WithMessage($"'{{PropertyValue}}' is not a keep-alive; expected {KeepAliveModes.Knative} (the stable window and the grace period) or {KeepAliveModes.Learned} (from the app's idle gaps)");
        RuleFor(p => p.ScaleDownDelaySeconds).InclusiveBetween(0, 3600).WithMessage("must be between 0 and 3600 seconds");

        RuleFor(p => p.MaxHeldRequests).InclusiveBetween(1, 100_000).WithMessage("must be between 1 and 100000");
        RuleFor(p => p.HoldTimeoutSeconds).InclusiveBetween(1, 3600).WithMessage("must be between 1 and 3600 seconds");
        RuleFor(p => p.PausedTierSeconds).InclusiveBetween(0, 86400).WithMessage("must be between 0 (no paused tier) and 86400 seconds");
        RuleFor(p => p.StoppedTierSeconds).InclusiveBetween(0, 604800).WithMessage("must be between 0 (no stopped tier) and 604800 seconds");

        RuleForEach(p => p.Steps).ChildRules(step =>
        {
            step.RuleFor(s => s.Metric).Must(m => StepMetrics.Contains(m))
                .WithMessage($"'{{PropertyValue}}' is not a step metric; expected one of: {string.Join(", ", StepMetrics)}");
            step.RuleFor(s => s.Operator).Must(o => Operators.Contains(o))
                .WithMessage($"'{{PropertyValue}}' is not a comparison; expected one of: {string.Join(" ", Operators)}");
            step.RuleFor(s => s.ForSeconds).InclusiveBetween(1, 86400).WithMessage("must be between 1 and 86400 seconds");
            step.RuleFor(s => s.Change).NotEqual(0).WithMessage("must add (e.g. 2) or remove (e.g. -1) instances, not 0");
            step.RuleFor(s => s.CooldownSeconds).InclusiveBetween(0, 86400).WithMessage("must be between 0 and 86400 seconds");
            step.RuleFor(s => s.Threshold).InclusiveBetween(0, 100).When(s => s.Metric is ScalingMetrics.Cpu or ScalingMetrics.Memory)
                .WithMessage("is a percentage: between 0 and 100");
        });

        RuleForEach(p => p.Schedules).ChildRules(schedule =>
        {
            schedule.RuleFor(s => s.Start).Custom((cron, context) => CheckCron(cron, context));
            schedule.RuleFor(s => s.End).Custom((cron, context) => CheckCron(cron, context));
            schedule.RuleFor(s => s.Min).InclusiveBetween(1, PlatformMax).WithMessage($"must be between 1 and {PlatformMax}");
            schedule.RuleFor(s => s.TimeZone).Must(BeTimeZone).WithMessage("'{PropertyValue}' is not an IANA time zone, e.g. UTC or Europe/Paris");
        });
    }

    private static void CheckCron(string cron, ValidationContext<ScheduledMinimum> context)
    {
        if (CronSchedule.TryParse(cron, out var error) is null)
        {
            context.AddFailure(error!);
        }
    }

    private static bool BeTimeZone(string zone)
    {
        try
        {
            TimeZoneInfo.FindSystemTimeZoneById(zone);
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }
}
