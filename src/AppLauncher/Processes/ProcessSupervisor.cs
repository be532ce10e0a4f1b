using System.Collections.Concurrent;
using AppLauncher.Apps;
using AppLauncher.Core.Config;
using AppLauncher.Core.Processes;
using AppLauncher.Core.Supervision;
using AppLauncher.Release;
using AppLauncher.Runtime;
using AppLauncher.Store;

namespace AppLauncher.Processes;

/// <summary>
/// Keeps each app's non-web process types at their counts, the way a ReplicaSet does: every pass compares what runs
/// (<see cref="IProcessRuntime.ListProcessesAsync"/>) with what is wanted (the app's current revision's process types,
/// each at its count from <see cref="ProcessFormation"/>). Instances of another revision, or of a type the revision no
/// longer has, are drained (SIGTERM, grace, SIGKILL) and removed; an instance of a wanted type that ended was not asked
/// to: it is a crash, counted with its exit code and last output in a <see cref="CrashBackoff"/> per revision and type,
/// removed, and replaced once the back-off allows (at once after the first crash, then 10 s doubling to 5 min).
/// A pass runs every <see cref="Interval"/> (skipping apps with a deploy in progress), and at once after a deploy or a
/// scale (<see cref="ReconcileAsync"/>).
/// </summary>
internal sealed partial class ProcessSupervisor(
    IStore store, RevisionInstances specs, ProcessFormation formation, AppLocks locks, PlatformConfig config, TimeProvider time, ILogger<ProcessSupervisor> logger, IProcessRuntime? runtime = null)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>How long a removed instance's id is remembered: a list taken before it went must not count it as a crash.</summary>
    private static readonly TimeSpan RemovedMemory = TimeSpan.FromMinutes(1);

    private const int OutputLines = 20;

    private readonly SemaphoreSlim _pass = new(1, 1);

    // Instance id → when its removal finished (null while it is being drained).
    private readonly ConcurrentDictionary<string, DateTimeOffset?> _removing = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CrashBackoff> _crashes = new(StringComparer.Ordinal);

    /// <summary>False when the runtime runs no process types here (Kubernetes: a Deployment per type does it).</summary>
    public bool Enabled => runtime is not null;

    /// <summary>The back-off of the type's instances in the revision (null when they have not crashed lately).</summary>
    public CrashBackoff? Backoff(string revision, string type) =>
        _crashes.TryGetValue(Key(revision, type), out var state) && !state.Expired(time.GetUtcNow()) ? state : null;

    /// <summary>
    /// How often each process type of the app was restarted after a crash (<c>revision/type</c> → count), since its
    /// revision was released. Kept in the store, so a restart of the server does not reset them.
    /// </summary>
    public Task<IReadOnlyDictionary<string, int>> RestartsAsync(string app, CancellationToken cancellationToken) => store.ListProcessRestartsAsync(app, cancellationToken);

    /// <summary>The key of a type's count in <see cref="RestartsAsync"/>.</summary>
    public static string Key(string revision, string type) => $"{revision}/{type}";

    /// <summary>The instances being drained now (they are listed as stopping).</summary>
    public bool IsStopping(string id) => _removing.TryGetValue(id, out var done) && done is null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (runtime is null)
        {
            return;
        }

        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ReconcileAsync(null, stoppingToken);
                failing = false;
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Said once per outage, not once a second.
                if (!failing)
                {
                    Log.PassFailed(logger, e.Message);
                }

                failing = true;
            }

            try
            {
                await Task.Delay(Interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One pass over <paramref name="app"/> (every app when null); returns what it did, for a deploy's output.</summary>
    public async Task<IReadOnlyList<string>> ReconcileAsync(string? app, CancellationToken cancellationToken)
    {
        if (runtime is null)
        {
            return [];
        }

        await _pass.WaitAsync(cancellationToken);
        try
        {
            return await PassAsync(runtime, app, cancellationToken);
        }
        finally
        {
            _pass.Release();
        }
    }

    private async Task<IReadOnlyList<string>> PassAsync(IProcessRuntime processes, string? only, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var (id, done) in _removing)
        {
            if (done is { } at && now - at > RemovedMemory)
            {
                _removing.TryRemove(id, out _);
            }
        }

        var actions = new List<string>();
        var mark = locks.Mark();
        var wanted = await WantedAsync(only, cancellationToken);
        var all = await processes.ListProcessesAsync(only, cancellationToken);
        if (only is null)
        {
            // An app being deployed (or rolled back, or given new config) is left to that change, which runs its own
            // pass once its web instances serve: workers move with them, and the deploy reports what moved. So is one
            // whose change began after the mark and has ended since: what was wanted was read before it released (or
            // first set) the revision, what runs was listed after it started the new workers, and the two disagree
            // (read one way, its workers were doubled; the other way, a first deploy's worker was stopped as unwanted).
            foreach (var busy in wanted.Keys.Where(a => locks.ChangedSince(a, mark)).ToList())
            {
                wanted.Remove(busy);
            }

            all = [.. all.Where(p => !locks.ChangedSince(p.App, mark))];
        }

        var grace = TimeSpan.FromSeconds(config.Deploy.StopGraceSeconds);

        foreach (var process in all.Where(p => !_removing.ContainsKey(p.Id)))
        {
            var current = wanted.TryGetValue(process.App, out var want) && want.Revision.Name == process.Revision && want.Revision.Processes!.ContainsKey(process.Type);
            if (!process.Running)
            {
                if (current)
                {
                    await RecordCrashAsync(processes, process, cancellationToken);
                }

                Retire(processes, process, TimeSpan.Zero);
            }
            else if (!current)
            {
                Retire(processes, process, grace);
                actions.Add($"Stopping {process.Type} {Short(process.Id)} of {process.Revision} (SIGTERM, {grace.TotalSeconds:0} s grace)");
            }
        }

        foreach (var (app, (revision, counts)) in wanted)
        {
            foreach (var (type, command) in revision.Processes!)
            {
                var running = all.Where(p => p.App == app && p.Revision == revision.Name && p.Type == type && p.Running && !_removing.ContainsKey(p.Id))
                    .OrderBy(p => p.StartedAt).ToList();
                var desired = ScaleRequest.Desired(type, counts);
                if (running.Count > desired)
                {
                    foreach (var extra in running.Skip(desired))
                    {
                        Retire(processes, extra, grace);
                    }

                    actions.Add($"Scaled {type} of {app} down: {running.Count} → {desired}");
                }
                else if (running.Count < desired)
                {
                    if (_crashes.TryGetValue(Key(revision.Name, type), out var backoff) && backoff.BackingOff(now))
                    {
                        continue;
                    }

                    var started = await StartAsync(processes, revision, type, command, desired - running.Count, cancellationToken);
                    if (started > 0)
                    {
                        actions.Add($"Started {started} {type} instance{(started == 1 ? "" : "s")} of {revision.Name}: {command}");
                    }
                }
            }
        }

        return actions;
    }

    /// <summary>Each app's current revision with process types, and the counts set for it.</summary>
    private async Task<Dictionary<string, (RevisionRecord Revision, IReadOnlyDictionary<string, int>? Counts)>> WantedAsync(string? only, CancellationToken cancellationToken)
    {
        var apps = only is null
            ? await store.ListAppsAsync(cancellationToken)
            : await store.GetAppAsync(only, cancellationToken) is { } one ? [one] : [];
        var wanted = new Dictionary<string, (RevisionRecord, IReadOnlyDictionary<string, int>?)>(StringComparer.Ordinal);
        foreach (var app in apps.Where(a => a.CurrentRevision is not null))
        {
            if (await store.GetRevisionAsync(app.CurrentRevision!, cancellationToken) is { Processes.Count: > 0 } revision)
            {
                wanted[app.Name] = (revision, await formation.GetAsync(app.Name, cancellationToken));
            }
        }

        return wanted;
    }

    private async Task<int> StartAsync(IProcessRuntime processes, RevisionRecord revision, string type, string command, int count, CancellationToken cancellationToken)
    {
        var spec = await specs.SpecAsync(revision, cancellationToken);
        var started = 0;
        for (var i = 0; i < count; i++)
        {
            try
            {
                await processes.StartProcessAsync(spec, type, command, cancellationToken);
                started++;
            }
            catch (RuntimeException e)
            {
                // The engine refused (an image gone, a limit): counted like a crash, so it is retried with back-off.
                var state = _crashes.AddOrUpdate(Key(revision.Name, type),
                    _ => CrashBackoff.After(null, time.GetUtcNow(), null, false, e.Message), (_, previous) => CrashBackoff.After(previous, time.GetUtcNow(), null, false, e.Message));
                Log.StartFailed(logger, revision.App, type, revision.Name, e.Message, (state.NextStartAt - time.GetUtcNow()).TotalSeconds);
                break;
            }
        }

        return started;
    }

    private async Task RecordCrashAsync(IProcessRuntime processes, ProcessInstance process, CancellationToken cancellationToken)
    {
        string output;
        try
        {
            output = await processes.ProcessLogsAsync(process, OutputLines, cancellationToken);
        }
        catch (RuntimeException e)
        {
            output = $"(its output could not be read: {e.Message})";
        }

        var now = time.GetUtcNow();
        // Counted in the store first, before the instance is removed: a pass that fails here sees the same ended
        // instance again and counts it then, once.
        await store.AddProcessRestartAsync(process.App, process.Revision, process.Type, cancellationToken);
        var key = Key(process.Revision, process.Type);
        var state = _crashes.AddOrUpdate(key,
            _ => CrashBackoff.After(null, now, process.ExitCode, process.OutOfMemory, output), (_, previous) => CrashBackoff.After(previous, now, process.ExitCode, process.OutOfMemory, output));
        Log.Crashed(logger, process.App, process.Type, process.Revision, process.ExitCode, process.OutOfMemory ? " (out of memory)" : "", state.Crashes, (state.NextStartAt - now).TotalSeconds);
    }

    /// <summary>Drains and removes one instance in the background; remembered meanwhile so no pass counts or starts it twice.</summary>
    private void Retire(IProcessRuntime processes, ProcessInstance process, TimeSpan grace)
    {
        if (!_removing.TryAdd(process.Id, null))
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await processes.RemoveProcessAsync(process, grace, CancellationToken.None);
            }
            catch (Exception e)
            {
                Log.RemoveFailed(logger, process.Type, process.Revision, Short(process.Id), e.Message);
            }
            finally
            {
                _removing[process.Id] = time.GetUtcNow();
            }
        });
    }

    private static string Short(string id) => id[..Math.Min(12, id.Length)];

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "A {Type} instance of {App} ({Revision}) ended with exit code {ExitCode}{OutOfMemory}: crash {Crashes} in a row, replaced in {Delay:0} s")]
        public static partial void Crashed(ILogger logger, string app, string type, string revision, int? exitCode, string outOfMemory, int crashes, double delay);

        [LoggerMessage(2, LogLevel.Warning, "Could not start {Type} of {App} ({Revision}): {Reason}; next try in {Delay:0} s")]
        public static partial void StartFailed(ILogger logger, string app, string type, string revision, string reason, double delay);

        [LoggerMessage(3, LogLevel.Warning, "Could not remove {Type} instance {ContainerId} of {Revision}: {Reason}")]
        public static partial void RemoveFailed(ILogger logger, string type, string revision, string containerId, string reason);

        [LoggerMessage(4, LogLevel.Warning, "The process supervisor's pass failed: {Reason}; it keeps trying every second")]
        public static partial void PassFailed(ILogger logger, string reason);
    }
}
