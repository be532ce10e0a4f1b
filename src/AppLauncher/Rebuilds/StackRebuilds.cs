using System.Globalization;
using System.Threading.Channels;
using AppLauncher.Core.Config;
using AppLauncher.Core.Rebuilds;
using AppLauncher.Deploy;
using AppLauncher.Git;
using AppLauncher.Identity;
using AppLauncher.Release;
using AppLauncher.Remote;
using AppLauncher.Store;

namespace AppLauncher.Rebuilds;

/// <summary>
/// Rebuilds of apps on a changed stack: <see cref="PlanAsync"/> asks <see cref="StackRebuildPlanner"/> which apps run
/// on an older stack image, <see cref="Enqueue"/> queues them (an app waits once however often it is asked for), and
/// one rebuild runs at a time, so a weekly check over many apps never takes every build slot from the pushes. Each
/// rebuild builds the app's current commit and releases it through <see cref="DeployService"/> the way a push does
/// (zero-downtime; a failure leaves the running revision serving), with the reason as the revision's change.
/// </summary>
internal sealed partial class StackRebuilds(
    IStore store,
    StackImages stacks,
    TrafficService traffic,
    GitRepositories repositories,
    DeployService deployer,
    AuditLog audit,
    PlatformConfig config,
    TimeProvider time,
    ILogger<StackRebuilds> logger) : BackgroundService
{
    /// <summary>Outcomes kept for <c>GET /api/rebuilds</c>.</summary>
    public const int RecentKept = 100;

    private readonly Channel<RebuildRequest> _channel = Channel.CreateUnbounded<RebuildRequest>(new() { SingleReader = true });
    private readonly Lock _gate = new();
    private readonly List<RebuildRequest> _queued = [];
    private readonly LinkedList<RebuildOutcome> _recent = new();
    private RebuildRequest? _running;

    public RebuildStatus Status
    {
        get
        {
            lock (_gate)
            {
                return new RebuildStatus(_running, [.. _queued], [.. _recent]);
            }
        }
    }

    /// <summary>The decision for every app with a released revision (only apps on <paramref name="onlyStack"/> when set).</summary>
    public async Task<IReadOnlyList<RebuildDecision>> PlanAsync(string? onlyStack, CancellationToken cancellationToken)
    {
        var current = await stacks.CurrentAsync(cancellationToken);
        var candidates = new List<RebuildCandidate>();
        foreach (var app in await store.ListAppsAsync(cancellationToken))
        {
            if (await CandidateAsync(app.Name, cancellationToken) is { } candidate)
            {
                candidates.Add(candidate);
            }
        }

        return StackRebuildPlanner.Plan(candidates, current, onlyStack);
    }

    /// <summary>Stack name → short image id of every stack on this machine, for errors that list them.</summary>
    public async Task<IReadOnlyDictionary<string, string>> StacksAsync(CancellationToken cancellationToken) =>
        (await stacks.CurrentAsync(cancellationToken)).ToDictionary(s => s.Key, s => new StackStamp(s.Key, s.Value).ShortId, StringComparer.Ordinal);

    /// <summary>Queues a rebuild; false when the app already waits (or runs, unchanged since) or the queue is full (<paramref name="full"/>).</summary>
    public bool Enqueue(RebuildRequest request, out bool full)
    {
        lock (_gate)
        {
            full = _queued.Count >= config.Rebuild.MaxQueued;
            if (full || _queued.Any(q => q.App == request.App))
            {
                return false;
            }

            _queued.Add(request);
        }

        _channel.Writer.TryWrite(request);
        return true;
    }

    /// <summary>
    /// Plans and queues every app on a changed stack (on <paramref name="onlyStack"/> when set); returns the decisions.
    /// A rebuild is one whether this check or an earlier one (a stack build's, the schedule's) queued it.
    /// </summary>
    public async Task<IReadOnlyList<RebuildDecision>> CheckAsync(string? onlyStack, string actor, CancellationToken cancellationToken)
    {
        var decisions = await PlanAsync(onlyStack, cancellationToken);
        foreach (var decision in decisions.Where(d => d.Rebuild))
        {
            Enqueue(new RebuildRequest(decision.App, decision.Reason!, actor, Force: false, time.GetUtcNow()), out _);
        }

        Log.Checked(logger, onlyStack ?? "every stack", decisions.Count(d => d.Rebuild), decisions.Count);
        return decisions;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var request in _channel.Reader.ReadAllAsync(stoppingToken))
            {
                lock (_gate)
                {
                    _queued.Remove(request);
                    _running = request;
                }

                RebuildOutcome outcome;
                try
                {
                    outcome = await RebuildAsync(request, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // One app's failure must not stop the queue: the others still get their security updates.
                    outcome = Outcome(request, RebuildOutcome.Failed, null, e.Message);
                    Log.Crashed(logger, request.App, e);
                }

                lock (_gate)
                {
                    _running = null;
                    _recent.AddFirst(outcome);
                    while (_recent.Count > RecentKept)
                    {
                        _recent.RemoveLast();
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task<RebuildOutcome> RebuildAsync(RebuildRequest request, CancellationToken cancellationToken)
    {
        if (await store.GetAppAsync(request.App, cancellationToken) is not { CurrentRevision: { } name }
            || await store.GetRevisionAsync(name, cancellationToken) is not { } revision)
        {
            return Outcome(request, RebuildOutcome.Skipped, null, "it has no released revision any more");
        }

        if (!request.Force && await CandidateAsync(request.App, cancellationToken) is { } candidate
            && StackRebuildPlanner.Plan([candidate], await stacks.CurrentAsync(cancellationToken)) is [{ Rebuild: false, Skipped: var why }])
        {
            // Pushed (or rebuilt) since it was queued: it already runs on the current stacks.
            return Outcome(request, RebuildOutcome.Skipped, revision.Name, why);
        }

        if (!repositories.Exists(request.App))
        {
            return Outcome(request, RebuildOutcome.Skipped, revision.Name, "its git repository is gone, so its commit cannot be built again");
        }

        var output = new RebuildOutput();
        // A new tag per rebuild: the running revision's instances (and a rollback) keep the image they were made from.
        var suffix = "-rebuild-" + time.GetUtcNow().ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        var ok = await SourceTar.UseAsync(repositories.PathOf(request.App), revision.Commit, tar =>
            deployer.DeployAsync(request.App, revision.Commit, null, tar, output, cancellationToken, request.Actor, remote: revision.Remote, sourceRef: revision.Ref,
                change: request.Reason, tagSuffix: suffix));
        var released = (await store.GetAppAsync(request.App, CancellationToken.None))?.CurrentRevision;
        await audit.RecordAsync(request.Actor, "rebuild", request.App, request.Reason, ok ? "ok" : "failed", ok ? released : output.LastError);
        Log.Rebuilt(logger, request.App, request.Reason, ok);
        // A failed rebuild is a failed deploy: DeployService has published its deploy-failed event, which alerts can watch.
        return ok
            ? Outcome(request, RebuildOutcome.Released, released, null)
            : Outcome(request, RebuildOutcome.Failed, revision.Name, $"{output.LastError ?? "the deploy failed"} ({revision.Name} keeps serving)");
    }

    private async Task<RebuildCandidate?> CandidateAsync(string app, CancellationToken cancellationToken)
    {
        if (await store.GetAppAsync(app, cancellationToken) is not { CurrentRevision: { } name }
            || await store.GetRevisionAsync(name, cancellationToken) is not { } revision)
        {
            return null;
        }

        var plan = await traffic.GetPlanAsync(app, cancellationToken);
        return new RebuildCandidate(app, revision.Name, revision.Commit, await stacks.BuiltOnAsync(revision.ImageId, cancellationToken), Pinned: !plan.TracksLatest);
    }

    private RebuildOutcome Outcome(RebuildRequest request, string result, string? revision, string? detail) =>
        new(request.App, request.Reason, request.Actor, result, revision, detail, time.GetUtcNow());

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Stack check of {Stack}: {Rebuilds} of {Apps} apps to rebuild")]
        public static partial void Checked(ILogger logger, string stack, int rebuilds, int apps);

        [LoggerMessage(2, LogLevel.Information, "Rebuild of {App} ({Reason}): released {Ok}")]
        public static partial void Rebuilt(ILogger logger, string app, string reason, bool ok);

        [LoggerMessage(3, LogLevel.Error, "Rebuild of {App} failed unexpectedly; the queue goes on")]
        public static partial void Crashed(ILogger logger, string app, Exception exception);
    }
}
