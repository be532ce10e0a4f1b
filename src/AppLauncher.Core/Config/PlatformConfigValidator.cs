using AppLauncher.Core.Names;
using FluentValidation;

namespace AppLauncher.Core.Config;

/// <summary>Rules for the platform's <c>launcher.yaml</c>.</summary>
public sealed class PlatformConfigValidator : AbstractValidator<PlatformConfig>
{
    private static readonly string[] Runtimes = ["docker", "kubernetes"];
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

        RuleFor(c => c.Runtime.Kubernetes.Team)
            .Must(t => AppName.Validate(t) is null)
            .WithMessage("'{PropertyValue}' is a namespace name: it must be a DNS label (lowercase letters, digits, '-'), e.g. apps");
        RuleFor(c => c.Runtime.Kubernetes.ProxyNamespace)
            .Must(t => AppName.Validate(t) is null)
            .WithMessage("'{PropertyValue}' is a namespace name: it must be a DNS label (lowercase letters, digits, '-'), e.g. applauncher");
        RuleFor(c => c.Runtime.Kubernetes.Registry)
            .Must(BeRegistry)
            .WithMessage("'{PropertyValue}' is not a registry: give host[:port][/path] without a scheme, e.g. registry.example.com/launcher or 127.0.0.1:5000");
        RuleFor(c => c.Runtime.Kubernetes.DefaultMaxReplicas).InclusiveBetween(1, 10000).WithMessage("must be between 1 and 10000");

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

    private static bool BeRegistry(string value) =>
        value.Length > 0 && !value.Contains("://", StringComparison.Ordinal) && !value.Any(char.IsWhiteSpace)
        && !value.EndsWith('/') && value == value.ToLowerInvariant();

    private static bool BeDomain(string value) =>
        value.Length <= 253 && value.Split('.').All(label => AppName.Validate(label) is null);
}
