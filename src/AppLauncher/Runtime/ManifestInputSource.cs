using AppLauncher.Autoscaling;
using AppLauncher.Core.Apps;
using AppLauncher.Core.Config;
using AppLauncher.Core.Detect;
using AppLauncher.Core.Manifests;
using AppLauncher.Git;
using AppLauncher.Store;

namespace AppLauncher.Runtime;

/// <summary>
/// Gathers what an app revision's manifests are made from: the revision's record (commit, buildpack), the app's
/// <c>launcher.yaml</c> at that commit (port, health check, env, autoscaling, resources, cron jobs…), the autoscaling policy set through the
/// API (it wins over the file's) and the cluster settings.
/// </summary>
internal sealed class ManifestInputSource(IStore store, GitRepositories repositories, AutoscalingPolicies policies, PlatformConfig config)
{
    /// <exception cref="FormatException">The app's launcher.yaml at that commit is not valid; the message names file and line.</exception>
    public async Task<ManifestInput> CreateAsync(string app, string revision, string image, CancellationToken cancellationToken)
    {
        var record = await store.GetRevisionAsync(revision, cancellationToken);
        AppConfig? settings = null;
        if (record is not null
            && await GitCommitFile.ReadAsync(repositories.PathOf(app), record.Commit, AppConfigFile.FileName, cancellationToken) is { } file)
        {
            var read = AppConfigFile.Read(InMemorySourceTree.FromText([KeyValuePair.Create(AppConfigFile.FileName, file)]));
            if (read is { IsValid: false })
            {
                throw new FormatException($"{AppConfigFile.FileName} of {revision} is not valid: {string.Join("; ", read.Errors)}");
            }

            settings = read?.Value;
        }

        var input = ManifestInputFactory.Create(app, revision, image, record?.Buildpack, record?.Commit, settings, config.Runtime.Kubernetes, config.Deploy.AppPort);
        return await store.GetAutoscalingAsync(app, cancellationToken) is null
            ? input
            : input with { Autoscaling = await policies.GetAsync(app, cancellationToken) };
    }
}
