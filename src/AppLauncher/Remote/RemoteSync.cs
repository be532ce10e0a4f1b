using System.Threading.Channels;
using AppLauncher.Core.Config;

namespace AppLauncher.Remote;

/// <summary>
/// The queue between "something changed at the remote" (a webhook, a poll, a connect) and <see cref="RemoteDeployer"/>:
/// requests for one app coalesce while it waits (a storm of 100 deliveries for one push is one entry), so an app is
/// synced at most once more after the sync running now; a sync sees the remote's refs, not the deliveries, so the second
/// one finds nothing new and builds nothing. At most <c>remotes.concurrency</c> apps sync at once, one sync per app;
/// the queue holds one entry per connected app, so it is bounded by them.
/// </summary>
internal sealed partial class RemoteSync(RemoteDeployer deployer, PlatformConfig config, ILogger<RemoteSync> logger) : BackgroundService
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Pending> _pending = new(StringComparer.Ordinal);
    private readonly HashSet<string> _running = new(StringComparer.Ordinal);
    private readonly Channel<string> _ready = Channel.CreateUnbounded<string>();
    private int _syncs;

    /// <summary>How many syncs have finished since start (tests wait on it).</summary>
    public int Completed => Volatile.Read(ref _syncs);

    /// <summary>Whether the app has a sync waiting or running.</summary>
    public bool IsBusy(string app)
    {
        lock (_gate)
        {
            return _pending.ContainsKey(app) || _running.Contains(app);
        }
    }

    /// <summary>Asks for a sync of <paramref name="app"/>; returns false when one was already waiting (this request joined it).</summary>
    public bool Request(string app, string reason, string? closedBranch = null)
    {
        lock (_gate)
        {
            if (_pending.TryGetValue(app, out var waiting))
            {
                if (closedBranch is not null)
                {
                    waiting.ClosedBranches.Add(closedBranch);
                }

                return false;
            }

            var pending = new Pending(reason);
            if (closedBranch is not null)
            {
                pending.ClosedBranches.Add(closedBranch);
            }

            _pending[app] = pending;
            if (!_running.Contains(app))
            {
                _ready.Writer.TryWrite(app);
            }

            return true;
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, config.Remotes.Concurrency).Select(_ => WorkAsync(stoppingToken)));

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var app in _ready.Reader.ReadAllAsync(stoppingToken))
            {
                Pending work;
                lock (_gate)
                {
                    if (!_pending.Remove(app, out work!))
                    {
                        continue;
                    }

                    _running.Add(app);
                }

                try
                {
                    await deployer.SyncAsync(app, [.. work.ClosedBranches], work.Reason, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    Log.SyncFailed(logger, app, e);
                }
                finally
                {
                    lock (_gate)
                    {
                        _running.Remove(app);

                        // Requested again while it ran: now it may run again.
                        if (_pending.ContainsKey(app))
                        {
                            _ready.Writer.TryWrite(app);
                        }
                    }

                    Interlocked.Increment(ref _syncs);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private sealed record Pending(string Reason)
    {
        public HashSet<string> ClosedBranches { get; } = new(StringComparer.Ordinal);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "The remote sync of {App} failed")]
        public static partial void SyncFailed(ILogger logger, string app, Exception exception);
    }
}
