using System.Threading.Channels;
using AppLauncher.Core.Config;
using AppLauncher.Docker;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace AppLauncher.Rebuilds;

/// <summary>
/// "At stack build": follows the engine's image <c>tag</c> events, and when a configured stack reference is tagged
/// anew (scripts/stacks ends each stack with <c>docker tag … :latest</c>; <c>docker build -t</c> tags too) runs the
/// stack check once the tagging has been quiet for <see cref="QuietPeriod"/>, so one scripts/stacks run over a dozen
/// stacks is one check. The check itself rebuilds only apps whose stack image really changed (an up-to-date stack
/// is tagged again with the same id, which changes nothing). Off with <c>rebuild.onStackBuild: false</c>.
/// </summary>
internal sealed partial class StackImageWatcher(IDockerClient docker, StackRebuilds rebuilds, PlatformConfig config, TimeProvider time, ILogger<StackImageWatcher> logger) : BackgroundService
{
    /// <summary>Who the rebuilds a stack build starts are recorded as.</summary>
    public const string Actor = "rebuild (stack built)";

    public static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    private readonly Channel<string> _tagged = Channel.CreateBounded<string>(new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropOldest });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!config.Rebuild.OnStackBuild)
        {
            return;
        }

        var references = config.Stacks.Values.SelectMany(s => new[] { s.Build, s.Run }).Where(r => r.Length > 0).Select(Normalize).ToHashSet(StringComparer.Ordinal);
        var checks = Task.Run(() => CheckAfterQuietAsync(stoppingToken), CancellationToken.None);
        var parameters = new ContainerEventsParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["type"] = new Dictionary<string, bool> { ["image"] = true },
                ["event"] = new Dictionary<string, bool> { ["tag"] = true },
            },
        };
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await docker.System.MonitorEventsAsync(parameters, new InlineProgress<Message>(m =>
                {
                    if (m.Actor?.Attributes is { } attributes && attributes.TryGetValue("name", out var name) && references.Contains(Normalize(name)))
                    {
                        _tagged.Writer.TryWrite(name);
                    }
                }), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                Log.StreamFailed(logger, e.Message);
            }

            try
            {
                await Task.Delay(RetryDelay, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        _tagged.Writer.TryComplete();
        await checks;
    }

    private async Task CheckAfterQuietAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _tagged.Reader.WaitToReadAsync(stoppingToken))
            {
                var names = new SortedSet<string>(StringComparer.Ordinal);
                do
                {
                    while (_tagged.Reader.TryRead(out var name))
                    {
                        names.Add(name);
                    }

                    await Task.Delay(QuietPeriod, time, stoppingToken);
                }
                while (_tagged.Reader.TryPeek(out _));

                Log.StacksTagged(logger, string.Join(", ", names));
                try
                {
                    await rebuilds.CheckAsync(null, Actor, stoppingToken);
                }
                catch (Exception e) when (e is DockerApiException or HttpRequestException or IOException or TimeoutException)
                {
                    Log.CheckFailed(logger, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>A reference with its implicit <c>:latest</c>, as the engine names a tag.</summary>
    private static string Normalize(string reference) =>
        reference.LastIndexOf(':') > reference.LastIndexOf('/') || reference.Contains('@', StringComparison.Ordinal) ? reference : reference + ":latest";

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Stack images tagged ({Names}): checking the apps built on them")]
        public static partial void StacksTagged(ILogger logger, string names);

        [LoggerMessage(2, LogLevel.Warning, "The engine's image event stream broke ({Reason}); opening it again")]
        public static partial void StreamFailed(ILogger logger, string reason);

        [LoggerMessage(3, LogLevel.Warning, "The stack check after a stack build failed: {Reason}; the scheduled one still runs")]
        public static partial void CheckFailed(ILogger logger, string reason);
    }
}
