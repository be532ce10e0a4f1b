using AppLauncher.Core.Identity;
using AppLauncher.Core.Rebuilds;
using AppLauncher.Identity;
using AppLauncher.Rebuilds;
using AppLauncher.Store;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AppLauncher.Api;

/// <summary>The body of <c>POST /api/rebuilds</c>: only apps on this stack (by name, e.g. <c>node-run</c>), or every stack when null.</summary>
public sealed record RebuildStacksRequest(string? Stack = null);

/// <summary>One app a rebuild request decided on: queued with its reason, or skipped and why.</summary>
public sealed record RebuildDecisionDto(string App, string Revision, bool Queued, string? Reason, string? Skipped);

/// <summary>What a rebuild request did: the decisions, and when the next scheduled check runs.</summary>
public sealed record RebuildAnswerDto(IReadOnlyList<RebuildDecisionDto> Apps, IReadOnlyDictionary<string, string> Stacks, DateTimeOffset? NextCheck);

/// <summary>One app's rebuild state: waiting, running, and its latest outcome.</summary>
public sealed record AppRebuildDto(string App, bool Queued, bool Running, RebuildOutcome? Last);

/// <summary>
/// Stack rebuilds: <c>POST /api/rebuilds</c> (the owner: every app on a changed stack, or on one stack),
/// <c>GET /api/rebuilds</c> (the queue and recent outcomes), <c>POST /api/apps/{name}/rebuild</c> (an app's developer:
/// rebuild its current commit now, whether or not a stack changed) and <c>GET …/rebuild</c>.
/// </summary>
internal static class RebuildsApi
{
    public static IEndpointRouteBuilder MapRebuildsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/rebuilds");
        group.MapPost("", CheckAsync).RequireOwner();
        group.MapGet("", (StackRebuilds rebuilds) => TypedResults.Ok(rebuilds.Status)).RequireOwner();
        var app = endpoints.MapGroup("/api/apps/{name}/rebuild");
        app.MapPost("", RebuildAppAsync).RequireAppRole(Role.Developer);
        app.MapGet("", GetAppAsync).RequireAppRole(Role.Viewer);
        return endpoints;
    }

    private static async Task<Results<Accepted<RebuildAnswerDto>, ProblemHttpResult>> CheckAsync(RebuildStacksRequest? request, HttpContext http, StackRebuilds rebuilds,
        StackRebuildSchedule schedule, CancellationToken cancellationToken)
    {
        var stacks = await rebuilds.StacksAsync(cancellationToken);
        if (request?.Stack is { } stack && !stacks.ContainsKey(stack))
        {
            return TypedResults.Problem(
                $"No stack named '{stack}' on this machine. Stacks: {(stacks.Count == 0 ? "none (build them with scripts/stacks)" : string.Join(", ", stacks.Keys.Order(StringComparer.Ordinal)))}.",
                statusCode: StatusCodes.Status400BadRequest, title: "No such stack");
        }

        var decisions = await rebuilds.CheckAsync(request?.Stack, Actor(http), cancellationToken);
        return TypedResults.Accepted("/api/rebuilds", new RebuildAnswerDto([.. decisions.Select(Dto)], stacks, await schedule.NextRunAsync(cancellationToken)));
    }

    private static async Task<Results<Accepted<AppRebuildDto>, ProblemHttpResult>> RebuildAppAsync(string name, HttpContext http, IStore store, StackRebuilds rebuilds, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await store.GetAppAsync(name, cancellationToken) is not { } app)
        {
            return ApiProblems.NoSuchApp(name);
        }

        if (app.CurrentRevision is null)
        {
            return TypedResults.Problem($"{name} has no released revision to rebuild: deploy it first (git push).", statusCode: StatusCodes.Status409Conflict, title: "Nothing to rebuild");
        }

        if (!rebuilds.Enqueue(new RebuildRequest(name, $"rebuilt: asked for by {http.Caller().User}", Actor(http), Force: true, time.GetUtcNow()), out var full) && full)
        {
            return TypedResults.Problem($"The rebuild queue is full (rebuild.maxQueued in the platform's launcher.yaml): try again when 'launcher rebuild --status' shows fewer waiting.",
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "Rebuild queue full");
        }

        return TypedResults.Accepted($"/api/apps/{name}/rebuild", Of(name, rebuilds.Status));
    }

    private static async Task<Results<Ok<AppRebuildDto>, ProblemHttpResult>> GetAppAsync(string name, IStore store, StackRebuilds rebuilds, CancellationToken cancellationToken) =>
        await store.GetAppAsync(name, cancellationToken) is null ? ApiProblems.NoSuchApp(name) : TypedResults.Ok(Of(name, rebuilds.Status));

    private static AppRebuildDto Of(string app, RebuildStatus status) =>
        new(app, status.Queued.Any(q => q.App == app), status.Running?.App == app, status.Recent.FirstOrDefault(r => r.App == app));

    private static RebuildDecisionDto Dto(RebuildDecision d) => new(d.App, d.Revision, d.Rebuild, d.Reason, d.Skipped);

    private static string Actor(HttpContext http) => $"rebuild ({http.Caller().User})";
}
