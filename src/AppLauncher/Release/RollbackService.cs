using AppLauncher.Apps;
using AppLauncher.Runtime;
using AppLauncher.Store;

namespace AppLauncher.Release;

/// <summary>What a rollback did, or why it did nothing.</summary>
public sealed record RollbackOutcome(bool Done, int Status, string Message, string? Revision = null, string? Previous = null);

/// <summary>
/// Switches an app back to an existing revision's image and configuration, with the same zero-downtime release as a
/// deploy: the revision becomes the latest and takes all traffic (a split ends; tags and previews stay).
/// </summary>
internal sealed class RollbackService(IStore store, TrafficService traffic, AppLocks locks, Docker.IImageInventory images, Observability.DeliveryMetrics metrics)
{
    public async Task<RollbackOutcome> RollbackAsync(string app, string? revisionName, CancellationToken cancellationToken)
    {
        if (await store.GetAppAsync(app, cancellationToken) is not { } record)
        {
            return new(false, StatusCodes.Status404NotFound, $"No app named '{app}'.");
        }

        using var gate = await locks.AcquireAsync(app, () => Task.CompletedTask, cancellationToken);
        var revisions = await store.ListRevisionsAsync(app, cancellationToken);
        var target = revisionName is null
            ? revisions.Where(r => r.Name != record.CurrentRevision && r.ReleasedAt is not null).MaxBy(r => r.ReleasedAt)
            : revisions.FirstOrDefault(r => r.Name == revisionName);
        if (target is null)
        {
            return revisionName is null
                ? new(false, StatusCodes.Status409Conflict, $"{app} has no earlier released revision to roll back to. See 'launcher releases {app}'.")
                : new(false, StatusCodes.Status404NotFound, $"{app} has no revision '{revisionName}'. See 'launcher releases {app}'.");
        }

        var plan = await traffic.GetPlanAsync(app, cancellationToken);
        if (target.Name == record.CurrentRevision && plan.AllToLatest() == plan)
        {
            return new(false, StatusCodes.Status409Conflict, $"{target.Name} is already the current revision of {app}.");
        }

        if (target.Branch is { } branch)
        {
            return new(false, StatusCodes.Status409Conflict, $"{target.Name} is a preview of branch {branch}: merge the branch and push the deploy branch instead.");
        }

        if (!await images.ExistsAsync(target.ImageId, cancellationToken))
        {
            return new(false, StatusCodes.Status422UnprocessableEntity,
                $"The image of {target.Name} was collected; push its commit {target.Commit[..Math.Min(7, target.Commit.Length)]} again (images of the last gc.keepRevisions revisions stay). " +
                $"Nothing changed: {record.CurrentRevision} keeps serving.");
        }

        try
        {
            var instances = await traffic.InstancesToStartAsync(app, cancellationToken);
            await traffic.PromoteAsync(target, instances, _ => Task.CompletedTask, cancellationToken, plan.AllToLatest());
        }
        catch (Exception e) when (e is InstanceNotReadyException or RuntimeException)
        {
            return new(false, StatusCodes.Status422UnprocessableEntity,
                $"{target.Name} did not start: {e.Message}. Nothing changed: {record.CurrentRevision} keeps serving.");
        }

        metrics.RolledBack(app, target.Name);
        metrics.Released(app, target.Name, "rollback");
        return new(true, StatusCodes.Status200OK, $"Rolled back {app} to {target.Name} (was {record.CurrentRevision}).", target.Name, record.CurrentRevision);
    }
}
