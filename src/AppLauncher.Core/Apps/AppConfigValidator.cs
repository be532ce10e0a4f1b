using AppLauncher.Core.Names;
using FluentValidation;

namespace AppLauncher.Core.Apps;

/// <summary>Rules for an app's <c>launcher.yaml</c>. <c>autoscaling:</c> is validated where it is used.</summary>
public sealed class AppConfigValidator : AbstractValidator<AppConfig>
{
    /// <summary>Buildpack names an app may ask for.</summary>
    public static readonly string[] Buildpacks = ["node", "python", "go", "dotnet", "java", "static", "dockerfile"];

    public AppConfigValidator()
    {
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
            .Must(p => p!.StartsWith('/') && !p.Any(char.IsWhiteSpace)).When(c => c.HealthCheck.Path is not null)
            .WithMessage("'{PropertyValue}' must be an absolute URL path, e.g. /healthz");

        RuleFor(c => c.Env).Custom((env, context) =>
        {
            foreach (var error in env.Keys.Select(EnvVarName.Validate).OfType<string>())
            {
                context.AddFailure("Env", error);
            }
        });
    }

    private static bool BeRelativeInside(string path) =>
        path.Length > 0 && !path.StartsWith('/') && !path.Contains('\\', StringComparison.Ordinal)
        && !path.Split('/').Any(p => p == "..");
}
