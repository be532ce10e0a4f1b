using System.Text.RegularExpressions;
using AppLauncher.Core.Autoscaling;
using AppLauncher.Core.Names;
using FluentValidation;

namespace AppLauncher.Core.Manifests;

/// <summary>Rules an input must meet before manifests are made from it; each message names the rule and the fix.</summary>
public sealed partial class ManifestInputValidator : AbstractValidator<ManifestInput>
{
    [GeneratedRegex("^[^@\\s]+@sha256:[0-9a-f]{64}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex ImageByDigest();

    [GeneratedRegex("^[-._a-zA-Z][-._a-zA-Z0-9]*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex EnvName();

    public ManifestInputValidator()
    {
        RuleFor(i => i.App).Must(a => AppName.Validate(a) is null).WithMessage(i => AppName.Validate(i.App)!);
        RuleFor(i => i.Team).Must(t => AppName.Validate(t) is null)
            .WithMessage("team '{PropertyValue}' names a namespace: it must be a DNS label (lowercase letters, digits, '-'), e.g. 'payments'");
        RuleFor(i => i.Revision).Must(r => AppName.Validate(r) is null)
            .WithMessage("revision '{PropertyValue}' is used as a label value: it must be a DNS label, e.g. 'hello-00007'");
        RuleFor(i => i.Image).Must(i => ImageByDigest().IsMatch(i))
            .WithMessage("image '{PropertyValue}' is not referenced by digest: a tag can move under a running Deployment. " +
                         "Push the image and use the digest the registry returns, e.g. registry.example/hello@sha256:<64 hex digits>");
        RuleFor(i => i.Port).InclusiveBetween(1, 65535).WithMessage("port {PropertyValue} is not a TCP port: use 1 to 65535, e.g. 8080");
        RuleFor(i => i.HealthCheckPath).Must(p => p is null || HealthCheckPath.Validate(p) is null)
            .WithMessage((_, p) => $"health check path {HealthCheckPath.Validate(p!)} (or leave it out to probe the TCP port)");

        RuleFor(i => i.Resources).Custom((resources, context) =>
        {
            foreach (var (property, message) in resources.Problems())
            {
                context.AddFailure($"Resources.{property}", message);
            }
        });

        RuleForEach(i => i.Env.Keys).Must(k => EnvName().IsMatch(k))
            .OverridePropertyName("Env")
            .WithMessage("environment variable '{PropertyValue}' is not a valid name: use letters, digits, '_', '-' and '.', not starting with a digit");

        RuleFor(i => i.Autoscaling).Must(p => p.Max == 0 || p.Min <= p.Max)
            .WithMessage(i => $"autoscaling min {i.Autoscaling.Min} is above max {i.Autoscaling.Max}: raise max or lower min");
        RuleFor(i => i.PreStopSleepSeconds).GreaterThanOrEqualTo(0).WithMessage("must be 0 or more seconds");
        RuleFor(i => i.TerminationGracePeriodSeconds).GreaterThan(i => i.PreStopSleepSeconds)
            .WithMessage(i => $"terminationGracePeriodSeconds {i.TerminationGracePeriodSeconds} must exceed the pre-stop pause ({i.PreStopSleepSeconds} s), or SIGKILL comes before SIGTERM is handled");

        RuleForEach(i => i.CronJobs).Custom((job, context) =>
        {
            var input = context.InstanceToValidate;
            if (AppName.Validate(job.Name) is not null)
            {
                context.AddFailure("CronJobs", $"cron job name '{job.Name}' must be a DNS label (lowercase letters, digits, '-'), e.g. 'cleanup'");
            }

            var name = ManifestNames.CronJob(input.App, job.Name);
            if (name.Length > ManifestNames.MaxCronJobNameLength)
            {
                context.AddFailure("CronJobs", $"cron job '{name}' is {name.Length} characters; Kubernetes allows {ManifestNames.MaxCronJobNameLength} for a CronJob name: shorten the job's name");
            }

            if (job.Schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length != 5)
            {
                context.AddFailure("CronJobs", $"cron job '{job.Name}' schedule '{job.Schedule}' must have five fields (minute hour day month weekday), e.g. '0 3 * * *'");
            }
            else if (CronSchedule.TryParse(job.Schedule, out var scheduleError) is null)
            {
                context.AddFailure("CronJobs", $"cron job '{job.Name}' schedule {scheduleError}");
            }

            if (string.IsNullOrWhiteSpace(job.Command))
            {
                context.AddFailure("CronJobs", $"cron job '{job.Name}' has no command: give the shell command to run, e.g. 'node cleanup.js'");
            }
        });

        RuleForEach(i => i.Processes).Custom((process, context) =>
        {
            var input = context.InstanceToValidate;
            if (Processes.ProcessTypes.ValidateName(process.Type) is { } error)
            {
                context.AddFailure("Processes", error);
            }

            var name = ManifestNames.ProcessWorkload(input.App, process.Type);
            if (name.Length > 63)
            {
                context.AddFailure("Processes", $"the Deployment of process type '{process.Type}' would be '{name}', {name.Length} characters; Kubernetes allows 63: shorten the type's name");
            }

            if (input.CronJobs.Any(j => ManifestNames.CronJob(input.App, j.Name) == name))
            {
                context.AddFailure("Processes", $"process type '{process.Type}' and cron job '{process.Type}' would both be named '{name}': rename one of them");
            }

            if (process.Replicas is < 0 or > Processes.ProcessTypes.MaxInstances)
            {
                context.AddFailure("Processes", $"process type '{process.Type}' asks for {process.Replicas} replicas; expected 0 to {Processes.ProcessTypes.MaxInstances}");
            }
        });
    }
}
