using AppLauncher.Core.Config;
using AppLauncher.Runtime;
using AppLauncher.Store;

namespace AppLauncher.Release;

/// <summary>What every instance of a revision runs with; one place, so deploys and the autoscaler start the same thing.</summary>
public static class RevisionInstances
{
    /// <remarks>
    /// The revision's config vars become the environment; launcher.yaml's <c>env:</c> is baked into the image as ENV, so
    /// a config var of the same name wins over it.
    /// </remarks>
    public static InstanceSpec Spec(RevisionRecord revision, PlatformConfig config) =>
        new(revision.App, revision.Name, revision.Image, revision.Env ?? new Dictionary<string, string>(), revision.Port ?? config.Deploy.AppPort, revision.HealthPath);
}
