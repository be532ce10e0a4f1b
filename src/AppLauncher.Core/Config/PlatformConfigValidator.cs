using AppLauncher.Core.Names;
using FluentValidation;

namespace AppLauncher.Core.Config;

/// <summary>Rules for the platform's <c>launcher.yaml</c>.</summary>
public sealed class PlatformConfigValidator : AbstractValidator<PlatformConfig>
{
    private static readonly string[] Runtimes = ["docker"];
    private static readonly string[] Stores = ["sqlite"];

    public PlatformConfigValidator()
    {
        RuleFor(c => c.Server.Listen)
            .Must(BeHttpUrl)
            .WithMessage("must be an absolute http:// URL with a port, e.g. http://localhost:8080");

        RuleFor(c => c.Domain)
            .NotEmpty().WithMessage("is required, e.g. 'localhost' or 'apps.example.com'")
            .Must(BeDomain).WithMessage("'{PropertyValue}' is not a domain name: dot-separated DNS labels (lowercase letters, digits, '-'), at most 253 characters");

        RuleFor(c => c.DataDirectory).NotEmpty().WithMessage("is required: a directory for the store and git repositories");

        RuleFor(c => c.BuildpacksDirectory).NotEmpty().WithMessage("is required: the directory with one folder per buildpack");

        RuleFor(c => c.Store.Provider)
            .Must(p => Stores.Contains(p))
            .WithMessage($"'{{PropertyValue}}' is not a store provider; expected one of: {string.Join(", ", Stores)}");

        RuleFor(c => c.Runtime.Kind)
            .Must(k => Runtimes.Contains(k))
            .WithMessage($"'{{PropertyValue}}' is not a runtime; expected one of: {string.Join(", ", Runtimes)}");

        RuleFor(c => c.Runtime.Docker.Socket)
            .Must(s => s.StartsWith('/'))
            .WithMessage("must be an absolute path to the Docker Engine's unix socket, e.g. /var/run/docker.sock");

        RuleFor(c => c.Build.CaBundle).NotEmpty().WithMessage("is required: the CA bundle injected into builds");
        RuleFor(c => c.Build.TimeoutSeconds).InclusiveBetween(10, 7200).WithMessage("must be between 10 and 7200 seconds");
        RuleFor(c => c.Build.FailureLogLines).InclusiveBetween(1, 1000).WithMessage("must be between 1 and 1000");
        RuleFor(c => c.Build.NetworkMode)
            .Must(m => m is "host" or "bridge" or "none")
            .WithMessage("must be one of: host, bridge, none");

        RuleFor(c => c.Deploy.Branch).NotEmpty().WithMessage("is required, e.g. main");
        RuleFor(c => c.Deploy.ReadyTimeoutSeconds).InclusiveBetween(1, 3600).WithMessage("must be between 1 and 3600 seconds");
        RuleFor(c => c.Deploy.DrainTimeoutSeconds).InclusiveBetween(0, 3600).WithMessage("must be between 0 and 3600 seconds");
        RuleFor(c => c.Deploy.StopGraceSeconds).InclusiveBetween(0, 600).WithMessage("must be between 0 and 600 seconds");
        RuleFor(c => c.Deploy.AppPort).InclusiveBetween(1, 65535).WithMessage("must be a TCP port between 1 and 65535");

        RuleFor(c => c.Stacks).Custom((stacks, context) =>
        {
            foreach (var (name, stack) in stacks)
            {
                if (string.IsNullOrWhiteSpace(stack.Build))
                {
                    context.AddFailure($"Stacks.{name}.Build", "is required: the image builds run on");
                }

                if (string.IsNullOrWhiteSpace(stack.Run))
                {
                    context.AddFailure($"Stacks.{name}.Run", "is required: the image apps run on");
                }
            }
        });
    }

    private static bool BeHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp && !uri.IsDefaultPort
        && uri.AbsolutePath == "/";

    private static bool BeDomain(string value) =>
        value.Length <= 253 && value.Split('.').All(label => AppName.Validate(label) is null);
}
