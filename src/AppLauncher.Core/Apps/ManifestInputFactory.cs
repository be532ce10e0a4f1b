using AppLauncher.Core.Manifests;
using AppLauncher.Core.Config;

namespace AppLauncher.Core.Apps;

/// <summary>Puts together a <see cref="ManifestInput"/> from what the platform knows about an app's revision.</summary>
public static class ManifestInputFactory
{
    /// <summary>Image used when none is given (rendering for review before anything is built); not pullable.</summary>
    public static string PlaceholderImage(string registry, string app) => $"{registry}/{app}@sha256:{new string('0', 64)}";

    /// <param name="app">The app's <c>launcher.yaml</c> (<c>kind: App</c>), read and validated by <see cref="AppConfigFile"/>; null when it has none.</param>
    /// <param name="processes">
    /// The revision's non-web Procfile process types (type → command), each at launcher.yaml's <c>processes:</c> count,
    /// else the one <c>launcher scale</c> set (<paramref name="counts"/>), else 1: a push that declares a count sets it, as
    /// on Docker, and one that does not keeps the scaled count.
    /// </param>
    public static ManifestInput Create(
        string name, string revision, string image, string? buildpack, string? commit,
        AppConfig? app, KubernetesConfig cluster, int defaultPort, IReadOnlyDictionary<string, string>? processes = null,
        IReadOnlyDictionary<string, int>? counts = null) => new()
    {
        App = name,
        Team = cluster.Team,
        Revision = revision,
        Image = image,
        Port = app?.Port ?? defaultPort,
        HealthCheckPath = app?.HealthCheck.Path,
        Resources = app?.Resources.Resolve() ?? new(),
        Env = app?.Env ?? new Dictionary<string, string>(),
        Autoscaling = app?.Autoscaling ?? new(),
        DefaultMaxReplicas = cluster.DefaultMaxReplicas,
        CronJobs = app?.Cron.Select(j => new CronJobSettings { Name = j.Name, Schedule = j.Schedule, Command = j.Command, TimeZone = j.TimeZone ?? "Etc/UTC", ConcurrencyPolicy = j.ConcurrencyPolicy }).ToList() ?? [],
        Processes = processes?.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new ProcessSettings { Type = p.Key, Command = p.Value, Replicas = app?.Processes.TryGetValue(p.Key, out var count) == true ? count : counts?.GetValueOrDefault(p.Key, Processes.ProcessTypes.DefaultInstances) ?? Processes.ProcessTypes.DefaultInstances })
            .ToList() ?? [],
        ReadOnlyRootFilesystem = app?.ReadOnlyRootFilesystem ?? false,
        NetworkPolicy = cluster.NetworkPolicy,
        ProxyNamespace = cluster.ProxyNamespace,
        Buildpack = buildpack,
        Commit = commit,
    };
}
