using System.Globalization;
using AppLauncher.Docker;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace AppLauncher.Runtime;

/// <summary>
/// Follows the engine's event stream for this installation's containers (<c>die</c> and <c>oom</c>) and reports every
/// instance that ends to the <see cref="IInstanceFailureSink"/>. One long-lived request, no polling: an end reaches the
/// sink within milliseconds. A broken stream is opened again after <see cref="RetryDelay"/>, from the second of the last
/// event seen, so the engine replays the ends missed meanwhile.
/// </summary>
internal sealed partial class DockerInstanceWatcher(IDockerClient docker, Settings.LauncherSettings settings, TimeProvider time, ILogger<DockerInstanceWatcher> logger, IInstanceFailureSink? sink = null)
    : BackgroundService
{
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    // The kernel's oom event comes just before the die event of the same container: remembered for that one.
    private readonly HashSet<string> _outOfMemory = new(StringComparer.Ordinal);

    // Events already reported, and the time of the last one: a reopened stream starts at that second, so it may repeat a few.
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private DateTimeOffset? _lastSeen;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (sink is null)
        {
            return;
        }

        var parameters = new ContainerEventsParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["type"] = new Dictionary<string, bool> { ["container"] = true },
                ["label"] = new Dictionary<string, bool> { [$"{RuntimeLabels.Installation}={settings.InstallationId}"] = true },
                ["event"] = new Dictionary<string, bool> { ["die"] = true, ["oom"] = true },
            },
        };
        while (!stoppingToken.IsCancellationRequested)
        {
            // Opened again from where it broke: the engine replays the ends missed meanwhile, so none waits for a tick.
            parameters.Since = _lastSeen is { } seen ? seen.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) : null;
            try
            {
                await docker.System.MonitorEventsAsync(parameters, new InlineProgress<Message>(m => OnEvent(sink, m)), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Log.StreamFailed(logger, e.Message);
            }

            await Task.Delay(RetryDelay, time, stoppingToken);
        }
    }

    private void OnEvent(IInstanceFailureSink target, Message message)
    {
        _lastSeen = message.Time is > 0 and var seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : time.GetUtcNow();
        if (!_seen.Add($"{message.Actor?.ID}/{message.Action}/{(message.TimeNano ?? 0).ToString(CultureInfo.InvariantCulture)}"))
        {
            return; // replayed after a reconnect: reported already
        }

        if (_seen.Count > 4096)
        {
            _seen.Clear();
        }

        var id = message.Actor?.ID ?? "";
        IDictionary<string, string> attributes = message.Actor?.Attributes ?? new Dictionary<string, string>();
        if (id.Length == 0 || attributes.ContainsKey(RuntimeLabels.Role))
        {
            return; // one-off containers (release commands) end by design
        }

        if (message.Action == "oom")
        {
            _outOfMemory.Add(id);
            return;
        }

        var exitCode = attributes.TryGetValue("exitCode", out var code) && int.TryParse(code, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : (int?)null;
        var failure = new InstanceFailure(
            id,
            attributes.TryGetValue(RuntimeLabels.App, out var app) ? app : "",
            attributes.TryGetValue(RuntimeLabels.Revision, out var revision) ? revision : "",
            exitCode,
            _outOfMemory.Remove(id),
            time.GetUtcNow());
        Log.InstanceEnded(logger, failure.Revision, id[..Math.Min(12, id.Length)], exitCode, failure.OutOfMemory);
        target.InstanceEnded(failure);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Instance of {Revision} (container {ContainerId}) ended: exit code {ExitCode}, out of memory {OutOfMemory}")]
        public static partial void InstanceEnded(ILogger logger, string revision, string containerId, int? exitCode, bool outOfMemory);

        [LoggerMessage(2, LogLevel.Warning, "The Docker Engine's event stream broke ({Reason}); opening it again")]
        public static partial void StreamFailed(ILogger logger, string reason);
    }
}
