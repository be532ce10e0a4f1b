using AppLauncher.Core.Apps;
using AppLauncher.Core.Config;
using AppLauncher.Core.Detect;
using AppLauncher.Core.Manifests;
using AppLauncher.Core.Names;

namespace AppLauncher.Cli;

/// <summary>Renders a repository's Kubernetes manifests on this machine, without a server (for review in CI, GitOps).</summary>
internal static class LocalManifests
{
    public static string Render(string directory, string? app, string? image, string? revision, string? team)
    {
        var root = Path.GetFullPath(directory);
        if (!Directory.Exists(root))
        {
            throw new CliException($"--dir {directory}: no such directory; give the path of the app's repository");
        }

        // The same reading, validation and detection as a push: launcher.yaml errors come with file, line and field.
        var plan = AppPlanner.Plan(DirectorySourceTree.Load(root), Detector.Default);
        if (plan.Detection is not { } detection)
        {
            throw new CliException($"{root}: {plan.Result.Message}");
        }

        var name = app ?? AppName.Suggest(Path.GetFileName(root.TrimEnd('/')))
            ?? throw new CliException($"cannot make an app name from the directory '{root}': pass --app <name>");
        if (AppName.Validate(name) is { } nameError)
        {
            throw new CliException($"--app: {nameError}");
        }

        var cluster = new KubernetesConfig();
        if (team is not null)
        {
            cluster.Team = team;
        }

        var header = new List<string> { $"Kubernetes manifests for {name} ({detection.Buildpack}), rendered from {root}" };
        if (image is null)
        {
            image = ManifestInputFactory.PlaceholderImage(cluster.Registry, name);
            header.Add("image: a placeholder; pass --image <registry>/<app>@sha256:<digest> with the digest your registry returned on push");
        }

        var input = ManifestInputFactory.Create(
            name, revision ?? $"{name}-local", image, detection.Buildpack, commit: null, plan.Config, cluster, defaultPort: new DeployConfig().AppPort);
        var errors = new ManifestInputValidator().Validate(input).Errors;
        if (errors.Count > 0)
        {
            throw new CliException(string.Join("\n", errors.Select(e => e.ErrorMessage)));
        }

        return ManifestYamlWriter.Write(AppManifests.Make(input), header);
    }
}
