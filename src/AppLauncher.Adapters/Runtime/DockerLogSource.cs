using System.Globalization;
using AppLauncher.Docker;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace AppLauncher.Runtime;

/// <summary>
/// <see cref="IContainerLogSource"/> on the Docker Engine: containers by this installation's label, <c>start</c> events
/// from the event stream, and output attached as it is written, after what the engine kept before.
/// </summary>
internal sealed partial class DockerLogSource(IDockerClient docker, Settings.LauncherSettings settings, TimeProvider time, ILogger<DockerLogSource> logger) : IContainerLogSource
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    public async Task<IReadOnlyList<LogTarget>> ListTargetsAsync(bool all, CancellationToken cancellationToken)
    {
        var containers = await docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = all,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [$"{RuntimeLabels.Installation}={settings.InstallationId}"] = true },
            },
        }, cancellationToken);
        return [.. containers
            .Select(c => Target(c.ID, c.Labels, c.State == "running" || c.State == "paused"))
            .OfType<LogTarget>()];
    }

    public async Task WatchStartsAsync(Func<LogTarget, Task> started, CancellationToken cancellationToken)
    {
        var parameters = new ContainerEventsParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["type"] = new Dictionary<string, bool> { ["container"] = true },
                ["label"] = new Dictionary<string, bool> { [$"{RuntimeLabels.Installation}={settings.InstallationId}"] = true },
                ["event"] = new Dictionary<string, bool> { ["start"] = true },
            },
        };
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await docker.System.MonitorEventsAsync(parameters, new InlineProgress<Message>(m =>
                {
                    if (m.Actor?.ID is { Length: > 0 } id && Target(id, m.Actor.Attributes, running: true) is { } target)
                    {
                        _ = started(target);
                    }
                }), cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Log.EventsFailed(logger, e.Message);
            }

            // Starts missed meanwhile are found by the collector's periodic listing.
            await Task.Delay(RetryDelay, time, cancellationToken);
        }
    }

    /// <remarks>
    /// Attached first (the output from then on, straight from the container, no log files), then what the engine kept
    /// from <paramref name="since"/> up to that moment, then the attached stream to its end. Following the engine's
    /// log files instead (<c>logs?follow=true</c>) repeats and loses 16 KiB pieces when they rotate (Engine 20.10,
    /// every 10 MB of a container's output) and can end before the last of a container that just stopped.
    /// </remarks>
    public async Task FollowAsync(string id, DateTimeOffset? since, Func<bool, string, Task> onText, CancellationToken cancellationToken)
    {
        MultiplexedStream? live = null;
        try
        {
            try
            {
                live = await docker.Containers.AttachContainerAsync(id, new ContainerAttachParameters { Stream = true, Stdout = true, Stderr = true }, cancellationToken);
            }
            catch (DockerContainerNotFoundException)
            {
                return; // removed before its output could be read: nothing more to collect
            }
            catch (DockerApiException)
            {
                // Not running (ended): what the engine kept is all there is.
            }

            var until = time.GetUtcNow();
            using (var kept = await docker.Containers.GetContainerLogsAsync(id, new ContainerLogsParameters
            {
                ShowStdout = true,
                ShowStderr = true,
                Since = since is { } from ? Since(from) : null,
                Until = Since(until),
            }, cancellationToken))
            {
                await DockerEngine.ReadFramesAsync(kept, onText, cancellationToken);
            }

            if (live is not null)
            {
                await DockerEngine.ReadFramesAsync(live, onText, cancellationToken);
            }
        }
        catch (DockerContainerNotFoundException)
        {
        }
        catch (DockerApiException e)
        {
            throw DockerRuntime.Refused($"read the output of container {id[..Math.Min(12, id.Length)]}", e);
        }
        finally
        {
            live?.Dispose();
        }
    }

    /// <summary>The engine's <c>since</c>: Unix seconds with nanoseconds, the lines written at that instant or later.</summary>
    internal static string Since(DateTimeOffset from)
    {
        var ticks = from.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return string.Create(CultureInfo.InvariantCulture, $"{ticks / TimeSpan.TicksPerSecond}.{ticks % TimeSpan.TicksPerSecond * 100:D9}");
    }

    private static LogTarget? Target(string id, IDictionary<string, string>? labels, bool running)
    {
        if (labels is null || !labels.TryGetValue(RuntimeLabels.App, out var app) || app.Length == 0)
        {
            return null; // the build network's helpers and anything else without an app
        }

        var revision = labels.TryGetValue(RuntimeLabels.Revision, out var r) ? r : "";
        var process = labels.TryGetValue(RuntimeLabels.Role, out var role)
            ? role switch
            {
                RuntimeLabels.ProcessRole => labels.TryGetValue(RuntimeLabels.ProcessType, out var type) && type.Length > 0 ? type : "worker",
                _ => role,
            }
            : "web";
        return new LogTarget(id, app, revision, process, running);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "The Docker Engine's event stream for log collection broke ({Reason}); opening it again")]
        public static partial void EventsFailed(ILogger logger, string reason);
    }
}
