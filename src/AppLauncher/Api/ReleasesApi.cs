using AppLauncher.Core.Identity;
using AppLauncher.Identity;
using AppLauncher.Release;
using AppLauncher.Store;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AppLauncher.Api;

/// <summary>A revision as <c>launcher releases</c> shows it.</summary>
/// <param name="Change">What made the revision (<c>deploy 1a2b3c4</c>, <c>set FOO; unset BAR</c>): names only, never values.</param>
/// <param name="Actor">Who made it.</param>
/// <param name="Remote">For a connected app: the repository the commit was fetched from.</param>
/// <param name="Ref">For a connected app: the ref it was built from (<c>refs/heads/main</c>, <c>refs/tags/v1.2</c>).</param>
/// <param name="Branch">Set for a branch preview.</param>
public sealed record ReleaseDto(string Name, int Number, string Image, string ImageId, string Commit, string Buildpack, DateTimeOffset CreatedAt, DateTimeOffset? ReleasedAt, bool Current,
    string? Change = null, string? Actor = null, string? Remote = null, string? Ref = null, string? Branch = null);

/// <summary>The body of a rollback: the revision to go back to, or null for the one released before the current.</summary>
public sealed record RollbackRequest(string? Revision = null);

/// <summary><c>/api/apps/{name}/releases</c> and <c>/rollback</c>.</summary>
internal static class ReleasesApi
{
    public static RouteGroupBuilder MapReleasesApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/apps/{name}");
        group.MapGet("/releases", ListAsync).RequireAppRole(Role.Viewer);
        group.MapPost("/rollback", RollbackAsync).RequireAppRole(Role.Developer);
        return group;
    }

    private static async Task<Results<Ok<ReleaseDto[]>, ProblemHttpResult>> ListAsync(string name, IStore store, CancellationToken cancellationToken)
    {
        if (await store.GetAppAsync(name, cancellationToken) is not { } app)
        {
            return ApiProblems.NoSuchApp(name);
        }

        var revisions = await store.ListRevisionsAsync(name, cancellationToken);
        return TypedResults.Ok(revisions.Select(r => new ReleaseDto(r.Name, r.Number, r.Image, r.ImageId, r.Commit, r.Buildpack, r.CreatedAt, r.ReleasedAt, r.Name == app.CurrentRevision, r.Change, r.Actor, r.Remote, r.Ref, r.Branch)).ToArray());
    }

    private static async Task<Results<Ok<RollbackOutcome>, ProblemHttpResult>> RollbackAsync(string name, RollbackRequest? request, RollbackService rollbacks, CancellationToken cancellationToken)
    {
        var outcome = await rollbacks.RollbackAsync(name, request?.Revision, cancellationToken);
        return outcome.Done
            ? TypedResults.Ok(outcome)
            : TypedResults.Problem(outcome.Message, statusCode: outcome.Status, title: "Rollback not done");
    }
}
