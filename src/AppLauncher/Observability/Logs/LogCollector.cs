using System.Collections.Concurrent;
using AppLauncher.Core.Config;
using AppLauncher.Runtime;
using AppLauncher.Security;
using AppLauncher.Store;

namespace AppLauncher.Observability.Logs;

/// <summary>
/// Collects the output of every container of every app (web instances, workers, release commands, runs) into the
/// <see cref="AppLogStore"/> as it is written: each container is followed from its start (the engine's start events)
/// until it stops, and at server start every container there is is followed on from its last line kept, so
/// a restart repeats none and misses none of what was written meanwhile. Secret config values are masked before a
/// line is stored; long lines are cut. A periodic listing catches a start the event stream missed.
/// </summary>
internal sealed partial class LogCollector(
    AppLogStore logs,
    IStore store,
    PlatformConfig config,
    TimeProvider time,
    ILogger<LogCollector> logger,
    IContainerLogSource? source = null) : BackgroundService
{
    private static readonly TimeSpan ListEvery = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan SecretsFor = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, byte> _following = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, string[] Values)> _secrets = new(StringComparer.Ordinal);
    private CancellationToken _stopping;

    /// <summary>Containers whose output is being followed now.</summary>
    public int Following => _following.Count;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (source is null)
        {
            return; // a runtime without container output here (Kubernetes: kubectl logs reads the pods)
        }

        _stopping = stoppingToken;
        var watch = source.WatchStartsAsync(target =>
        {
            Follow(target);
            return Task.CompletedTask;
        }, stoppingToken);

        var first = true;
        var lastTrim = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // At start the ended ones too: what they wrote while the server was down is still theirs to keep.
                foreach (var target in await source.ListTargetsAsync(all: first, stoppingToken))
                {
                    if (target.Running || first)
                    {
                        Follow(target);
                    }
                }

                first = false;
                logs.SaveCursors();
                if (time.GetUtcNow() - lastTrim > TimeSpan.FromMinutes(1))
                {
                    logs.Trim();
                    lastTrim = time.GetUtcNow();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                Log.ListFailed(logger, e.Message);
            }

            try
            {
                await Task.Delay(ListEvery, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await watch;
        logs.SaveCursors();
    }

    private void Follow(LogTarget target)
    {
        if (_stopping.IsCancellationRequested || !_following.TryAdd(target.Id, 0))
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await FollowAsync(target);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                Log.FollowFailed(logger, target.Id[..Math.Min(12, target.Id.Length)], target.App, e.Message);
            }
            finally
            {
                logs.Detach(target.App, target.Id);
                _following.TryRemove(target.Id, out _);
            }
        });
    }

    private async Task FollowAsync(LogTarget target)
    {
        var (instance, since) = logs.Attach(target.App, target.Id, target.Process);
        var secrets = await SecretsAsync(target.App);
        var assembler = new LogLineAssembler(config.Logs.MaxLineBytes, line => SecretRedactor.Redact(line, secrets), secrets.Length == 0 ? 0 : secrets.Max(s => s.Length));
        var container = target.Id[..Math.Min(12, target.Id.Length)];
        Log.Following(logger, container, target.App, instance, since);
        List<LogEntry> Entries(IEnumerable<(bool Stderr, string Line)> lines)
        {
            var now = time.GetUtcNow();
            return [.. lines.Select(l => new LogEntry(now, LogEntry.AppSource, target.Revision, target.Process, instance, l.Stderr ? "stderr" : "stdout", l.Line) { Container = container })];
        }

        // Strictly after the last line kept: the engine's since is inclusive, and that line is stored already.
        var from = since?.AddTicks(1);
        await source!.FollowAsync(target.Id, from, (stderr, text) =>
        {
            logs.Append(target.App, Entries(assembler.Push(stderr, text)), target.Id);
            return Task.CompletedTask;
        }, _stopping);

        if (!_stopping.IsCancellationRequested)
        {
            logs.Append(target.App, Entries(assembler.Flush()), target.Id);
        }

        Log.FollowEnded(logger, container, target.App);
    }

    /// <summary>The app's secret config values, read again after a few seconds so a new secret is masked soon after it is set.</summary>
    private async Task<string[]> SecretsAsync(string app)
    {
        if (_secrets.TryGetValue(app, out var cached) && time.GetUtcNow() - cached.At < SecretsFor)
        {
            return cached.Values;
        }

        var values = (await store.ListConfigAsync(app, _stopping)).Where(v => v.Secret && v.Value.Length > 0).Select(v => v.Value).ToArray();
        _secrets[app] = (time.GetUtcNow(), values);
        return values;
    }
}
