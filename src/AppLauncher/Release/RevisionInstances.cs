using AppLauncher.Apps;
using AppLauncher.Core.Apps;
using AppLauncher.Core.Config;
using AppLauncher.Core.Detect;
using AppLauncher.Runtime;
using AppLauncher.Store;

namespace AppLauncher.Release;

/// <summary>What every instance of a revision runs with; one place, so deploys and the autoscaler start the same thing.</summary>
internal sealed class RevisionInstances(IStore store, AutoscalingPolicies policies, PlatformConfig config)
{
    /// <remarks>
    /// The revision's config vars become the environment; launcher.yaml's <c>env:</c> is baked into the image as ENV, so
    /// a config var of the same name wins over it. The app's launcher.yaml comes from the revision (read at build time,
    /// never from git again); the policy set through the API travels with it, for runtimes that make manifests.
    /// </remarks>
    /// <exception cref="FormatException">The revision's launcher.yaml is not valid; the message names file and line.</exception>
    public async Task<InstanceSpec> SpecAsync(RevisionRecord revision, CancellationToken cancellationToken) =>
        new(revision.App, revision.Name, revision.Image, revision.Env ?? new Dictionary<string, string>(), revision.Port ?? config.Deploy.AppPort, revision.HealthPath)
        {
            Commit = revision.Commit,
            Buildpack = revision.Buildpack,
            AppConfig = AppConfigOf(revision),
            Processes = revision.Processes,
            ProcessCounts = FormationJson.Read(await store.GetFormationAsync(revision.App, cancellationToken)),
            Autoscaling = await store.GetAutoscalingAsync(revision.App, cancellationToken) is null ? null : await policies.GetAsync(revision.App, cancellationToken),
        };

    /// <summary>The app's launcher.yaml as the revision was built with it; null when it had none.</summary>
    /// <exception cref="FormatException">It is not valid (only a revision stored before validation tightened can hold such a file).</exception>
    public static AppConfig? AppConfigOf(RevisionRecord revision)
    {
        if (revision.AppFile is not { } text)
        {
            return null;
        }

        var read = AppConfigFile.Read(InMemorySourceTree.FromText([KeyValuePair.Create(AppConfigFile.FileName, text)]));
        return read is { IsValid: false }
            ? throw new FormatException($"{AppConfigFile.FileName} of {revision.Name} is not valid: {string.Join("; ", read.Errors)}")
            : read?.Value;
    }
}
