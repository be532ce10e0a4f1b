using AppLauncher.Core.Config;
using AppLauncher.Runtime;
using AppLauncher.Store;

namespace AppLauncher.Release;

/// <summary>What every instance of a revision runs with; one place, so deploys and the autoscaler start the same thing.</summary>
public static class RevisionInstances
{
    public static InstanceSpec Spec(RevisionRecord revision, PlatformConfig config) =>
        new(revision.App, revision.Name, revision.Image, new Dictionary<string, string>(), revision.Port ?? config.Deploy.AppPort, revision.HealthPath);
}
