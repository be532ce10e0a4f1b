using AppLauncher.Apps;
using AppLauncher.Core.Traffic;
using AppLauncher.Proxy;
using AppLauncher.Runtime;
using AppLauncher.Store;

namespace AppLauncher.Release;

/// <summary>What a traffic change did, or why it did nothing (then nothing changed).</summary>
public sealed record TrafficOutcome(bool Done, int Status, string Message);

/// <summary>
/// An app's traffic: its stored <see cref="TrafficPlan"/> resolved against its latest revision and applied to the
/// proxy. Changes (shares, tags, previews) are validated, start what must serve before any request moves, are
/// stored, then applied; a failure changes nothing. Public changes take the app's lock, like deploys.
/// </summary>
internal sealed class TrafficService(IStore store, Releaser releaser, IRuntime runtime, RouteTable routes, AutoscalingPolicies policies, AppLocks locks, TimeProvider time)
{
    /// <summary>
    /// Null when the runtime can serve several revisions of an app at once; otherwise why not. On Kubernetes an app
    /// is one Deployment (one revision at a time), so splits, tags and previews are Docker-only for now.
    /// </summary>
    public string? SideBySideRefusal => runtime.ManagesReplicas
        ? "traffic splitting, tags and branch previews need the docker runtime: on kubernetes an app runs one revision (one Deployment) at a time"
        : null;

    public async Task<TrafficPlan> GetPlanAsync(string app, CancellationToken cancellationToken) =>
        TrafficPlan.FromJson(await store.GetTrafficAsync(app, cancellationToken));

    /// <summary>Applies the stored plan with the app's current latest revision. The caller holds the app's lock.</summary>
    /// <remarks>
    /// When the latest revision has no web process, nothing of the app is routed (its web revisions drain, tags and
    /// previews included) whatever the plan says: the plan stays stored and applies again once a revision with a web
    /// process is released.
    /// </remarks>
    public async Task<ResolvedTraffic> ApplyAsync(string app, CancellationToken cancellationToken)
    {
        var latest = (await store.GetAppAsync(app, cancellationToken))?.CurrentRevision;
        if (latest is not null && await store.GetRevisionAsync(latest, cancellationToken) is { NoWeb: true })
        {
            await releaser.ApplyAsync(app, ResolvedTraffic.None, cancellationToken, noWeb: true);
            return ResolvedTraffic.None;
        }

        var resolved = (await GetPlanAsync(app, cancellationToken)).Resolve(latest);
        await releaser.ApplyAsync(app, resolved, cancellationToken);
        return resolved;
    }

    /// <summary>
    /// As many instances as the app's revisions serve with now (so a release under load does not shrink the app), and
    /// at least the policy's initial and minimum scale; one at least, since a revision must prove it answers.
    /// </summary>
    public async Task<int> InstancesToStartAsync(string app, CancellationToken cancellationToken)
    {
        var policy = await policies.GetAsync(app, cancellationToken);
        var count = Math.Max(1, Math.Max(Math.Max(policy.Initial, policy.Min), routes.ReadyCount(app)));
        return policy.Max > 0 ? Math.Min(count, policy.Max) : count;
    }

    /// <summary>
    /// Makes <paramref name="revision"/> the app's latest (a deploy, a rollback, a config change): starts its
    /// instances, records it as latest, then routes the app by <paramref name="plan"/> (stored first) or its stored
    /// plan. If the revision does not start, it throws and nothing changed. The caller holds the app's lock. A revision
    /// with no web process starts no instance: it becomes the latest and the app stops being routed.
    /// </summary>
    public async Task<ResolvedTraffic> PromoteAsync(RevisionRecord revision, int instances, Func<string, Task> progress, CancellationToken cancellationToken, TrafficPlan? plan = null)
    {
        if (!revision.NoWeb)
        {
            await releaser.StartAsync(revision, instances, progress, cancellationToken);
        }

        await store.SetCurrentRevisionAsync(revision.App, revision.Name, time.GetUtcNow(), cancellationToken);
        return plan is null ? await ApplyAsync(revision.App, cancellationToken) : await SaveAndApplyAsync(revision.App, plan, cancellationToken);
    }

    /// <summary>Stores <paramref name="plan"/> and applies it. The caller holds the app's lock and has started what must serve.</summary>
    public async Task<ResolvedTraffic> SaveAndApplyAsync(string app, TrafficPlan plan, CancellationToken cancellationToken)
    {
        await store.SetTrafficAsync(app, plan.ToJson(), cancellationToken);
        return await ApplyAsync(app, cancellationToken);
    }

    /// <summary>Replaces the shares (<c>hello-00006=90 hello-00007=10</c>); tags and previews stay.</summary>
    public async Task<TrafficOutcome> SetSharesAsync(string app, IReadOnlyList<TrafficTarget> shares, CancellationToken cancellationToken)
    {
        var (checkedShares, error) = TrafficArguments.Check(shares);
        if (error is not null)
        {
            return new(false, StatusCodes.Status400BadRequest, error);
        }

        if (checkedShares.Count(s => s.Percent > 0) > 1 && SideBySideRefusal is { } refusal)
        {
            return new(false, StatusCodes.Status409Conflict, refusal);
        }

        using var gate = await locks.AcquireAsync(app, () => Task.CompletedTask, cancellationToken);
        if (await store.GetAppAsync(app, cancellationToken) is not { } record)
        {
            return new(false, StatusCodes.Status404NotFound, $"No app named '{app}'.");
        }

        if (checkedShares.Any(s => s.Latest && s.Percent > 0) && record.CurrentRevision is null)
        {
            return new(false, StatusCodes.Status409Conflict, $"{app} has no latest revision yet: push it first.");
        }

        var revisions = (await store.ListRevisionsAsync(app, cancellationToken)).ToDictionary(r => r.Name, StringComparer.Ordinal);
        if (checkedShares.FirstOrDefault(s => !s.Latest && !revisions.ContainsKey(s.Revision!)) is { } unknown)
        {
            return new(false, StatusCodes.Status404NotFound, $"{app} has no revision '{unknown.Revision}'. See 'launcher releases {app}'.");
        }

        var plan = (await GetPlanAsync(app, cancellationToken)).WithShares(checkedShares);
        var failed = await StartUnservedAsync(plan.Resolve(record.CurrentRevision), revisions, cancellationToken);
        if (failed is not null)
        {
            return failed;
        }

        var resolved = await SaveAndApplyAsync(app, plan, cancellationToken);
        return new(true, StatusCodes.Status200OK, $"Traffic of {app}: {Describe(resolved)}.");
    }

    /// <summary>Tags a revision (or <c>@latest</c>): it answers on <c>{tag}-{app}.{domain}</c> whatever its share.</summary>
    public async Task<TrafficOutcome> TagAsync(string app, string tag, string revisionName, CancellationToken cancellationToken)
    {
        if (TrafficTags.Validate(tag, app) is { } error)
        {
            return new(false, StatusCodes.Status400BadRequest, error);
        }

        if (SideBySideRefusal is { } refusal)
        {
            return new(false, StatusCodes.Status409Conflict, refusal);
        }

        using var gate = await locks.AcquireAsync(app, () => Task.CompletedTask, cancellationToken);
        if (await store.GetAppAsync(app, cancellationToken) is not { } record)
        {
            return new(false, StatusCodes.Status404NotFound, $"No app named '{app}'.");
        }

        if (await store.GetAppAsync(TrafficTags.HostLabel(tag, app), cancellationToken) is not null)
        {
            return new(false, StatusCodes.Status409Conflict, $"'{TrafficTags.HostLabel(tag, app)}' is the name of another app, so that host cannot serve the tag: choose another tag.");
        }

        var plan = await GetPlanAsync(app, cancellationToken);
        if (plan.Previews.FirstOrDefault(p => p.Tag == tag) is { } preview)
        {
            return new(false, StatusCodes.Status409Conflict, $"'{tag}' is the preview of branch {preview.Branch}: delete the branch (git push --delete) or choose another tag.");
        }

        var latest = revisionName is TrafficPlan.LatestName or "latest";
        var revisions = (await store.ListRevisionsAsync(app, cancellationToken)).ToDictionary(r => r.Name, StringComparer.Ordinal);
        if (!latest && !revisions.ContainsKey(revisionName))
        {
            return new(false, StatusCodes.Status404NotFound, $"{app} has no revision '{revisionName}'. See 'launcher releases {app}'.");
        }

        plan = plan.WithTag(tag, latest ? null : revisionName, latest);
        var failed = await StartUnservedAsync(plan.Resolve(record.CurrentRevision), revisions, cancellationToken);
        if (failed is not null)
        {
            return failed;
        }

        await SaveAndApplyAsync(app, plan, cancellationToken);
        return new(true, StatusCodes.Status200OK, $"Tagged {(latest ? TrafficPlan.LatestName : revisionName)} of {app} as '{tag}'.");
    }

    public async Task<TrafficOutcome> UntagAsync(string app, string tag, CancellationToken cancellationToken)
    {
        using var gate = await locks.AcquireAsync(app, () => Task.CompletedTask, cancellationToken);
        if (await store.GetAppAsync(app, cancellationToken) is null)
        {
            return new(false, StatusCodes.Status404NotFound, $"No app named '{app}'.");
        }

        var plan = await GetPlanAsync(app, cancellationToken);
        if (plan.Targets.FirstOrDefault(t => t.Tag == tag) is not { } target)
        {
            return new(false, StatusCodes.Status404NotFound, $"{app} has no tag '{tag}'. See 'launcher traffic {app}'.");
        }

        if (target.IsPreview)
        {
            return new(false, StatusCodes.Status409Conflict, $"'{tag}' is the preview of branch {target.Branch}: delete the branch with 'git push <remote> --delete {target.Branch}'.");
        }

        await SaveAndApplyAsync(app, plan.WithoutTag(tag), cancellationToken);
        return new(true, StatusCodes.Status200OK, $"Removed tag '{tag}' from {app}.");
    }

    /// <summary>Points the preview of <paramref name="branch"/> at <paramref name="revision"/> (already started). The caller holds the app's lock.</summary>
    public async Task SetPreviewAsync(string app, string branch, string tag, string revision, CancellationToken cancellationToken)
    {
        var plan = await GetPlanAsync(app, cancellationToken);
        await SaveAndApplyAsync(app, plan.WithTag(tag, revision, branch: branch), cancellationToken);
    }

    /// <summary>Removes the preview of a deleted branch; false when the branch had none.</summary>
    public async Task<bool> RemovePreviewAsync(string app, string branch, CancellationToken cancellationToken)
    {
        using var gate = await locks.AcquireAsync(app, () => Task.CompletedTask, cancellationToken);
        var plan = await GetPlanAsync(app, cancellationToken);
        if (plan.Previews.FirstOrDefault(p => p.Branch == branch) is not { Tag: { } tag })
        {
            return false;
        }

        await SaveAndApplyAsync(app, plan.WithoutTag(tag), cancellationToken);
        return true;
    }

    /// <summary>"hello-00006 90 %, hello-00007 10 %"; tags after.</summary>
    public static string Describe(ResolvedTraffic traffic)
    {
        var shares = traffic.Weights.Where(w => w.Percent > 0).Select(w => $"{w.Revision} {w.Percent} %");
        var tags = traffic.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"tag {t.Key} → {t.Value}");
        var all = shares.Concat(tags).ToList();
        return all.Count == 0 ? "no revision" : string.Join(", ", all);
    }

    /// <summary>Starts one instance of each revision the plan serves that is not served yet, so no request waits for a cold start; null when all are ready.</summary>
    private async Task<TrafficOutcome?> StartUnservedAsync(ResolvedTraffic traffic, IReadOnlyDictionary<string, RevisionRecord> revisions, CancellationToken cancellationToken)
    {
        foreach (var name in traffic.Revisions.Where(r => !releaser.Serves(r)))
        {
            if (!revisions.TryGetValue(name, out var revision))
            {
                continue;
            }

            try
            {
                await releaser.StartAsync(revision, 1, _ => Task.CompletedTask, cancellationToken);
            }
            catch (Exception e) when (e is InstanceNotReadyException or RuntimeException)
            {
                return new(false, StatusCodes.Status422UnprocessableEntity, $"{name} did not start: {e.Message}. Nothing changed.");
            }
        }

        return null;
    }
}
