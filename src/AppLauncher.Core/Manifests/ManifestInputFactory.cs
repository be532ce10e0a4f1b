using AppLauncher.Core.Config;

namespace AppLauncher.Core.Manifests;

/// <summary>Puts together a <see cref="ManifestInput"/> from what the platform knows about an app's revision.</summary>
public static class ManifestInputFactory
{
    /// <summary>Image used when none is given (rendering for review before anything is built); not pullable.</summary>
    public static string PlaceholderImage(string registry, string app) => $"{registry}/{app}@sha256:{new string('0', 64)}";

    public static ManifestInput Create(
        string app, string revision, string image, string? buildpack, string? commit,
        AppFileSettings? settings, KubernetesConfig cluster, int defaultPort) => new()
    {
        App = app,
        Team = cluster.Team,
        Revision = revision,
        Image = image,
        Port = settings?.Port ?? defaultPort,
        HealthCheckPath = settings?.HealthCheck.Path,
        Env = settings?.Env ?? new Dictionary<string, string>(),
        Autoscaling = settings?.Autoscaling ?? new(),
        DefaultMaxReplicas = cluster.DefaultMaxReplicas,
        NetworkPolicy = cluster.NetworkPolicy,
        ProxyNamespace = cluster.ProxyNamespace,
        Buildpack = buildpack,
        Commit = commit,
    };
}
