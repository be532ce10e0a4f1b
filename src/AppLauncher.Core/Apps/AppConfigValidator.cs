using AppLauncher.Core.Autoscaling;
using AppLauncher.Core.Manifests;
using AppLauncher.Core.Names;
using AppLauncher.Core.Processes;
using FluentValidation;

namespace AppLauncher.Core.Apps;

/// <summary>Rules for an app's <c>launcher.yaml</c>. <c>autoscaling:</c> is validated where it is used.</summary>
public sealed class AppConfigValidator : AbstractValidator<AppConfig>
{
    /// <summary>Buildpack names an app may ask for.</summary>
    public static readonly string[] Buildpacks = ["node", "python", "go", "dotnet", "java", "static", "dockerfile"];

    public AppConfigValidator()
    {
        RuleFor(c => c.Https.HstsMaxAgeSeconds).InclusiveBetween(0, 63072000)
            .WithMessage("must be between 0 (no Strict-Transport-Security header) and 63072000 seconds (two years), e.g. 31536000");

        RuleFor(c => c.Remote!.Tags)
            .Must(t => t!.Length <= 200 && !t.Any(char.IsControl) && !t.Contains(' ', StringComparison.Ordinal)).When(c => c.Remote?.Tags is not null)
            .WithMessage("must be a tag glob of at most 200 characters without spaces, e.g. v* (\"\" for none)");

        RuleFor(c => c.Kind)
            .Equal(AppConfig.AppKind)
            .WithMessage("must be 'App' for an app's launcher.yaml");

        RuleFor(c => c.Name)
            .Must(n => AppName.Validate(n) is null).When(c => c.Name is not null)
            .WithMessage((_, n) => AppName.Validate(n) ?? "");

        RuleFor(c => c.Build.Root)
            .Must(BeRelativeInside!).When(c => c.Build.Root is not null)
            .WithMessage("'{PropertyValue}' must be a folder inside the repository, relative to its root, e.g. services/api (no '..', no leading '/')");

        RuleFor(c => c.Build.Dockerfile)
            .Must(BeRelativeInside!).When(c => c.Build.Dockerfile is not null)
            .WithMessage("'{PropertyValue}' must be a path inside the build root, e.g. deploy/Dockerfile (no '..', no leading '/')");

        RuleFor(c => c.Build.Buildpack)
            .Must(b => Buildpacks.Contains(b)).When(c => c.Build.Buildpack is not null)
            .WithMessage($"'{{PropertyValue}}' is not a buildpack; expected one of: {string.Join(", ", Buildpacks)}");

        RuleFor(c => c.Build.Buildpack)
            .Equal("dockerfile").When(c => c.Build.Dockerfile is not null && c.Build.Buildpack is not null)
            .WithMessage("build.dockerfile builds with the dockerfile buildpack; remove build.buildpack or set it to dockerfile");

        RuleFor(c => c.Start)
            .Must(s => !string.IsNullOrWhiteSpace(s)).When(c => c.Start is not null)
            .WithMessage("must be a command, e.g. 'node server.js'; remove the field to use the detected one");

        RuleFor(c => c.Port)
            .InclusiveBetween(1, 65535).When(c => c.Port is not null)
            .WithMessage("must be a TCP port between 1 and 65535");

        RuleFor(c => c.HealthCheck.Path)
            .Must(p => HealthCheckPath.Validate(p!) is null).When(c => c.HealthCheck.Path is not null)
            .WithMessage((_, p) => HealthCheckPath.Validate(p!) ?? "");

        RuleFor(c => c.Resources).Custom((resources, context) =>
        {
            // Problems are found on the resolved quantities and reported on the field the file sets.
            foreach (var (field, message) in resources.Resolve().Problems().Select(p => (ResourceField(resources, p.Property), p.Message)).Distinct())
            {
                context.AddFailure(field, message);
            }
        });

        CronRules();

        RuleFor(c => c.Processes).Custom((processes, context) =>
        {
            foreach (var (type, count) in processes)
            {
                if (type == ProcessTypes.Web)
                {
                    context.AddFailure("Processes", "web is autoscaled: set its instances under autoscaling: (min, max), not under processes:");
                }
                else if (ProcessTypes.ValidateName(type) is { } error)
                {
                    context.AddFailure("Processes", error);
                }
                else if (count is < 0 or > ProcessTypes.MaxInstances)
                {
                    context.AddFailure("Processes", $"{type}: {count} instances; expected 0 to {ProcessTypes.MaxInstances}");
                }
            }
        });

        RuleFor(c => c.Env).Custom((env, context) =>
        {
            foreach (var error in env.Keys.Select(EnvVarName.Validate).OfType<string>())
            {
                context.AddFailure("Env", error);
            }
        });
    }

    private void CronRules()
    {
        RuleForEach(c => c.Cron).ChildRules(job =>
        {
            job.RuleFor(j => j.Name)
                .Must(n => AppName.Validate(n) is null)
                .WithMessage("'{PropertyValue}' must be a DNS label (lowercase letters, digits and '-'), e.g. cleanup; the job runs as <app>-<name>");
            job.RuleFor(j => j.Schedule).Custom((schedule, context) =>
            {
                if (CronSchedule.TryParse(schedule, out var error) is null)
                {
                    context.AddFailure(error!);
                }
            });
            job.RuleFor(j => j.Command)
                .Must(c => !string.IsNullOrWhiteSpace(c))
                .WithMessage("must be the shell command to run, e.g. 'node scripts/cleanup.js'");
            job.RuleFor(j => j.TimeZone)
                .Must(z => TimeZoneInfo.TryFindSystemTimeZoneById(z!, out _)).When(j => j.TimeZone is not null)
                .WithMessage("'{PropertyValue}' is not a time zone this machine knows; use an IANA name such as Europe/Paris, or remove it for UTC");
            job.RuleFor(j => j.ConcurrencyPolicy)
                .Must(p => CronPolicies.All.Contains(p))
                .WithMessage($"'{{PropertyValue}}' is not a concurrency policy; expected one of: {string.Join(", ", CronPolicies.All)}");
        });

        RuleFor(c => c.Cron).Custom((jobs, context) =>
        {
            foreach (var name in jobs.GroupBy(j => j.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key))
            {
                context.AddFailure("Cron", $"two jobs are named '{name}': give each a name of its own");
            }

            var app = context.InstanceToValidate.Name;
            foreach (var (job, index) in jobs.Select((j, i) => (j, i)))
            {
                var name = app is null ? null : ManifestNames.CronJob(app, job.Name);
                if (name is not null && name.Length > ManifestNames.MaxCronJobNameLength)
                {
                    context.AddFailure($"Cron[{index}].Name", $"the job runs as '{name}', {name.Length} characters; Kubernetes allows {ManifestNames.MaxCronJobNameLength} for a CronJob: shorten the job's name");
                }
            }
        });
    }

    private static bool BeRelativeInside(string path) =>
        path.Length > 0 && !path.StartsWith('/') && !path.Contains('\\', StringComparison.Ordinal)
        && !path.Any(char.IsControl) && !path.Split('/').Any(p => p == "..");

    /// <summary>Where in the file a resolved quantity came from: the side that set it, or <c>resources</c> when it is a default.</summary>
    private static string ResourceField(AppResourcesConfig r, string property) => property switch
    {
        nameof(ResourceSettings.CpuRequest) => SetBy("Cpu", (r.Requests.Cpu, "Requests"), (r.Limits.Cpu, "Limits")),
        nameof(ResourceSettings.CpuLimit) => SetBy("Cpu", (r.Limits.Cpu, "Limits"), (r.Requests.Cpu, "Requests")),
        nameof(ResourceSettings.MemoryRequest) => SetBy("Memory", (r.Requests.Memory, "Requests"), (r.Limits.Memory, "Limits")),
        _ => SetBy("Memory", (r.Limits.Memory, "Limits"), (r.Requests.Memory, "Requests")),
    };

    private static string SetBy(string amount, (string? Value, string Side) first, (string? Value, string Side) second) =>
        first.Value is not null ? $"Resources.{first.Side}.{amount}" : second.Value is not null ? $"Resources.{second.Side}.{amount}" : "Resources";
}
