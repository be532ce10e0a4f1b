using AppLauncher.Core.Identity;
using AppLauncher.Identity;
using AppLauncher.Observability.Logs;
using AppLauncher.Store;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AppLauncher.Api;

/// <summary>A build as the API shows it: its outcome, how long it took, who pushed it and the revision it made.</summary>
public sealed record BuildDto(long Id, string Commit, string? Revision, string Outcome, string? Buildpack, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, double? DurationSeconds, string? Actor, string? Error, bool LogKept);

/// <summary><c>/api/apps/{name}/builds</c>: the app's builds, newest first, and each one's log as the pusher saw it (masked).</summary>
internal static class BuildsApi
{
    public static RouteGroupBuilder MapBuildsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/apps/{name}/builds");
        group.MapGet("/", ListAsync).RequireAppRole(Role.Viewer);
        group.MapGet("/{id}", GetAsync).RequireAppRole(Role.Viewer);
        group.MapGet("/{id}/log", LogAsync).RequireAppRole(Role.Viewer);
        return group;
    }

    private static async Task<Results<Ok<BuildDto[]>, ProblemHttpResult>> ListAsync(string name, IStore store, BuildLogs logs, CancellationToken cancellationToken)
    {
        if (await store.GetAppAsync(name, cancellationToken) is null)
        {
            return ApiProblems.NoSuchApp(name);
        }

        var builds = await store.ListBuildsAsync(name, cancellationToken);
        return TypedResults.Ok(builds.OrderByDescending(b => b.Id).Select(b => Describe(b, logs)).ToArray());
    }

    private static async Task<Results<Ok<BuildDto>, ProblemHttpResult>> GetAsync(string name, string id, IStore store, BuildLogs logs, CancellationToken cancellationToken)
    {
        var (build, problem) = await FindAsync(name, id, store, cancellationToken);
        return build is null ? problem! : TypedResults.Ok(Describe(build, logs));
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> LogAsync(string name, string id, IStore store, BuildLogs logs, CancellationToken cancellationToken)
    {
        var (build, problem) = await FindAsync(name, id, store, cancellationToken);
        if (build is null)
        {
            return problem!;
        }

        return logs.Read(name, build.Id) is { } text
            ? TypedResults.Text(text, "text/plain; charset=utf-8")
            : TypedResults.Problem($"The log of build {build.Id} of {name} is no longer kept (the latest builds' logs are, see logs.buildsKept).",
                statusCode: StatusCodes.Status404NotFound, title: "No build log");
    }

    private static async Task<(BuildRecord? Build, ProblemHttpResult? Problem)> FindAsync(string name, string id, IStore store, CancellationToken cancellationToken)
    {
        if (await store.GetAppAsync(name, cancellationToken) is null)
        {
            return (null, ApiProblems.NoSuchApp(name));
        }

        if (!long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            return (null, TypedResults.Problem($"'{(id.Length > 32 ? id[..32] + "…" : id)}' is not a build id: give the number 'launcher builds {name}' lists.",
                statusCode: StatusCodes.Status400BadRequest, title: "Not a build id"));
        }

        var build = (await store.ListBuildsAsync(name, cancellationToken)).FirstOrDefault(b => b.Id == number);
        return build is null
            ? (null, TypedResults.Problem($"{name} has no build {number}; 'launcher builds {name}' lists them.", statusCode: StatusCodes.Status404NotFound, title: "No such build"))
            : (build, null);
    }

    private static BuildDto Describe(BuildRecord build, BuildLogs logs)
    {
        var info = logs.Describe(build.App, build.Id);
        var duration = build.FinishedAt is { } end ? Math.Round((end - build.StartedAt).TotalSeconds, 1) : (double?)null;
        return new BuildDto(build.Id, build.Commit, info?.Revision, build.Status, build.Buildpack, build.StartedAt, build.FinishedAt, duration, info?.Actor, build.Error,
            logs.Has(build.App, build.Id));
    }
}
