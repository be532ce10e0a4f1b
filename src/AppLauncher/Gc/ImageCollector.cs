using AppLauncher.Apps;
using AppLauncher.Build;
using AppLauncher.Core.Config;
using AppLauncher.Core.Gc;
using AppLauncher.Docker;
using AppLauncher.Release;
using AppLauncher.Runtime;
using AppLauncher.Settings;
using AppLauncher.Store;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace AppLauncher.Gc;

/// <summary>
/// Removes what builds and releases leave on the engine: per app the images of revisions older than the last
/// <c>gc.keepRevisions</c> that no served revision uses, dangling build stages, and stopped one-off containers.
/// Only this installation's: an image goes when its labels name this installation (or one of our apps) and the
/// store knows its revision; nothing is forced, so an image a container still uses stays.
/// </summary>
internal sealed partial class ImageCollector(
    IDockerClient docker, IStore store, TrafficService traffic, AppLocks locks, PlatformConfig config, LauncherSettings settings, TimeProvider time, ILogger<ImageCollector> logger)
{
    private readonly SemaphoreSlim _one = new(1, 1);

    /// <summary>Collects once (a dry run lists only); collections never overlap.</summary>
    public async Task<GcReport> CollectAsync(bool dryRun, CancellationToken cancellationToken)
    {
        await _one.WaitAsync(cancellationToken);
        try
        {
            var skipped = new List<string>();
            var containers = await StoppedContainersAsync(cancellationToken);
            if (!dryRun)
            {
                foreach (var container in containers)
                {
                    await RemoveAsync($"container {container.Name}", () => docker.Containers.RemoveContainerAsync(container.Id, new ContainerRemoveParameters(), cancellationToken), skipped);
                }
            }

            var images = new List<GcImage>();
            foreach (var app in await store.ListAppsAsync(cancellationToken))
            {
                // Under the app's lock: a deploy in progress may be about to make a revision of an image that looks old.
                using var gate = await locks.AcquireAsync(app.Name, () => Task.CompletedTask, cancellationToken);
                var old = await OldRevisionImagesAsync(app, cancellationToken);
                images.AddRange(old);
                if (!dryRun)
                {
                    foreach (var image in old)
                    {
                        await RemoveImageAsync(image, skipped, cancellationToken);
                    }
                }
            }

            var dangling = await DanglingAsync(cancellationToken);
            images.AddRange(dangling);
            if (!dryRun)
            {
                foreach (var image in dangling)
                {
                    await RemoveImageAsync(image, skipped, cancellationToken);
                }
            }

            var removed = images.Where(i => !skipped.Any(s => s.Contains(Short(i.Id), StringComparison.Ordinal))).ToList();
            var report = new GcReport(dryRun, images, containers, removed.Sum(i => i.Size), skipped);
            Log.Collected(logger, dryRun ? "would remove" : "removed", removed.Count, containers.Count, report.Bytes, skipped.Count);
            return report;
        }
        finally
        {
            _one.Release();
        }
    }

    /// <summary>Starts a collection that never fails its caller (after a deploy): a failure is logged.</summary>
    public void CollectInBackground() => _ = Task.Run(async () =>
    {
        try
        {
            await CollectAsync(dryRun: false, CancellationToken.None);
        }
        catch (Exception e) when (e is DockerApiException or HttpRequestException or IOException or TimeoutException)
        {
            Log.Failed(logger, e.Message);
        }
    });

    private async Task<List<GcImage>> OldRevisionImagesAsync(AppRecord app, CancellationToken cancellationToken)
    {
        var revisions = await store.ListRevisionsAsync(app.Name, cancellationToken);
        var served = (await traffic.GetPlanAsync(app.Name, cancellationToken)).Resolve(app.CurrentRevision).Revisions.ToHashSet(StringComparer.Ordinal);
        if (app.CurrentRevision is { } current)
        {
            served.Add(current);
        }

        var retention = ImageRetention.Decide([.. revisions.Select(r => new RetainedRevision(r.Name, r.Number, r.ImageId))], served, config.Gc.KeepRevisions);
        if (retention.Collectable.Count == 0)
        {
            return [];
        }

        var labelled = await docker.Images.ListImagesAsync(new ImagesListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{RuntimeLabels.App}={app.Name}"] = true } },
        }, cancellationToken);
        return [.. labelled.Where(i => retention.Collectable.ContainsKey(i.ID))
            .Select(i => new GcImage(i.ID, app.Name, Tags(i), retention.Collectable[i.ID], i.Size, $"older than the last {config.Gc.KeepRevisions} revisions and not served"))];
    }

    /// <summary>
    /// Dangling images of this installation (build stages, images a rebuild of the same commit replaced), older than the
    /// build timeout: a build that is still running may yet use a stage it just made.
    /// </summary>
    private async Task<List<GcImage>> DanglingAsync(CancellationToken cancellationToken)
    {
        var ours = await docker.Images.ListImagesAsync(new ImagesListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["dangling"] = new Dictionary<string, bool> { ["true"] = true },
                ["label"] = new Dictionary<string, bool> { [$"{ImageBuilder.InstallationLabel}={settings.InstallationId}"] = true },
            },
        }, cancellationToken);
        var cutoff = time.GetUtcNow().UtcDateTime - TimeSpan.FromSeconds(config.Build.TimeoutSeconds);
        return [.. ours.Where(i => i.Created < cutoff)
            .Select(i => new GcImage(i.ID, i.Labels?.TryGetValue(RuntimeLabels.App, out var app) == true ? app : null, [], [], i.Size, "dangling (left by a build)"))];
    }

    /// <summary>Stopped containers of this installation that are no app instance: one-off release commands and interrupted build steps.</summary>
    private async Task<List<GcContainer>> StoppedContainersAsync(CancellationToken cancellationToken)
    {
        var stopped = await docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [$"{RuntimeLabels.Installation}={settings.InstallationId}"] = true },
                ["status"] = new Dictionary<string, bool> { ["exited"] = true, ["created"] = true, ["dead"] = true },
            },
        }, cancellationToken);

        // An instance (managed, no role) is the runtime's to supervise and replace, even when stopped.
        return [.. stopped.Where(c => c.Labels?.ContainsKey(RuntimeLabels.Role) == true || c.Labels?.ContainsKey(RuntimeLabels.Managed) != true)
            .Select(c => new GcContainer(c.ID, c.Names?.FirstOrDefault()?.TrimStart('/') ?? Short(c.ID), c.Labels?.TryGetValue(RuntimeLabels.App, out var app) == true ? app : null, c.State))];
    }

    /// <summary>By tag, then by id: an image with several tags cannot be removed by id without force, and force is never used.</summary>
    private async Task RemoveImageAsync(GcImage image, List<string> skipped, CancellationToken cancellationToken)
    {
        foreach (var reference in image.Tags.Count > 0 ? image.Tags : [image.Id])
        {
            if (!await RemoveAsync($"image {Short(image.Id)}", () => docker.Images.DeleteImageAsync(reference, new ImageDeleteParameters(), cancellationToken), skipped))
            {
                return;
            }
        }
    }

    private static async Task<bool> RemoveAsync(string what, Func<Task> remove, List<string> skipped)
    {
        try
        {
            await remove();
            return true;
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return true;
        }
        catch (DockerApiException e)
        {
            skipped.Add($"{what}: {DockerEngine.Message(e)}");
            return false;
        }
    }

    private static List<string> Tags(ImagesListResponse image) =>
        [.. (image.RepoTags ?? []).Where(t => t != "<none>:<none>")];

    private static string Short(string id) => id.Replace("sha256:", "", StringComparison.Ordinal)[..Math.Min(12, id.Replace("sha256:", "", StringComparison.Ordinal).Length)];

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Garbage collection {What} {Images} images and {Containers} containers ({Bytes} bytes); {Skipped} skipped")]
        public static partial void Collected(ILogger logger, string what, int images, int containers, long bytes, int skipped);

        [LoggerMessage(2, LogLevel.Warning, "Garbage collection failed: {Reason}")]
        public static partial void Failed(ILogger logger, string reason);
    }
}
