using AppLauncher.Core.Identity;
using AppLauncher.Identity;
using AppLauncher.Autoscaling;
using AppLauncher.Core.Domains;
using AppLauncher.Core.Supervision;
using AppLauncher.Deploy;
using AppLauncher.Proxy;
using AppLauncher.Remote;
using AppLauncher.Runtime;
using AppLauncher.Store;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace AppLauncher.Api;

/// <summary>An app as the API shows it; <paramref name="StateDetail"/> adds its recent crashes, e.g. <c>crashing (exit 1, 3 restarts, next try in 40s)</c>.</summary>
/// <param name="Url">Where it answers; null when its latest revision has no web process (<paramref name="NoWeb"/>).</param>
/// <param name="NoWeb">Its latest revision has no web process (a Procfile of workers only): no URL, route or autoscaler.</param>
/// <param name="Remote">For an app connected to a repository elsewhere: how its last fetch went and when the next poll is.</param>
public sealed record AppDto(string Name, string? Url, string State, string? Revision, int Instances, DateTimeOffset CreatedAt, string StateDetail, AppCrashDto? Crash, string Team = "apps", bool NoWeb = false,
    AppRemoteDto? Remote = null);

/// <summary>A connected app's remote in the apps list: <paramref name="Status"/> pending, ok or failed (<paramref name="Error"/> names the remote and why).</summary>
public sealed record AppRemoteDto(string Repo, string Branch, string Status, string? Error, DateTimeOffset? CheckedAt, DateTimeOffset? NextPoll);

/// <summary>The current revision's recent crashes, as the apps list shows them (its last output is in <c>/scale</c> and the logs).</summary>
/// <param name="Restarts">Crashes in a row since the count last started over.</param>
/// <param name="BackoffUntil">No instance starts before this; null when one may start now.</param>
public sealed record AppCrashDto(int Restarts, int? LastExitCode, bool OutOfMemory, bool CrashLooping, DateTimeOffset LastCrashAt, DateTimeOffset? BackoffUntil);

/// <summary>A revision as the API shows it.</summary>
public sealed record RevisionDto(string Name, string Image, string Commit, string Buildpack, DateTimeOffset CreatedAt);

/// <summary><c>/api/apps</c>: list apps, show one, its revisions (its logs: <see cref="LogsApi"/>).</summary>
internal static class AppsApi
{
    /// <summary>The state of an app whose latest revision runs only workers.</summary>
    public const string NoWebState = "no web process";

    public static RouteGroupBuilder MapAppsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/apps");
        group.MapGet("/", ListAsync).RequireToken();
        group.MapGet("/{name}", GetAsync).RequireAppRole(Role.Viewer);
        group.MapGet("/{name}/revisions", RevisionsAsync).RequireAppRole(Role.Viewer);
        return group;
    }

    private static async Task<Ok<AppDto[]>> ListAsync(HttpContext http, IStore store, IRemoteStore remotes, RemotePolls polls, IRuntime runtime, RouteTable routes, DeployService deployer, CrashLoops crashes, TimeProvider time, IOptions<ProxyOptions> proxy, TeamDomainSet teamDomains, CancellationToken cancellationToken)
    {
        // Only the apps the caller may see: those of teams where its token gives a role (every app, for an owner).
        var caller = http.Caller();
        var apps = (await store.ListAppsAsync(cancellationToken)).Where(a => caller.ActsAsOwner || caller.RoleIn(a.Team) is not null);
        var connected = (await remotes.ListRemotesAsync(cancellationToken)).ToDictionary(r => r.App, StringComparer.Ordinal);
        var dtos = new List<AppDto>();
        foreach (var app in apps)
        {
            var dto = await DescribeAsync(app, runtime, routes, deployer, crashes, time.GetUtcNow(), proxy.Value, teamDomains, cancellationToken);
            dtos.Add(connected.TryGetValue(app.Name, out var remote) ? dto with { Remote = await RemoteOfAsync(remote, polls, cancellationToken) } : dto);
        }

        return TypedResults.Ok(dtos.ToArray());
    }

    private static async Task<Results<Ok<AppDto>, ProblemHttpResult>> GetAsync(string name, IStore store, IRemoteStore remotes, RemotePolls polls, IRuntime runtime, RouteTable routes, DeployService deployer, CrashLoops crashes, TimeProvider time, IOptions<ProxyOptions> proxy, TeamDomainSet teamDomains, CancellationToken cancellationToken)
    {
        if (await store.GetAppAsync(name, cancellationToken) is not { } app)
        {
            return ApiProblems.NoSuchApp(name);
        }

        var dto = await DescribeAsync(app, runtime, routes, deployer, crashes, time.GetUtcNow(), proxy.Value, teamDomains, cancellationToken);
        return TypedResults.Ok(await remotes.GetRemoteAsync(name, cancellationToken) is { } remote ? dto with { Remote = await RemoteOfAsync(remote, polls, cancellationToken) } : dto);
    }

    private static async Task<AppRemoteDto> RemoteOfAsync(RemoteRecord remote, RemotePolls polls, CancellationToken cancellationToken) =>
        new(remote.Url, remote.Branch, remote.Status, remote.Error, remote.CheckedAt, await polls.NextPollAsync(remote.App, cancellationToken));

    private static async Task<Results<Ok<RevisionDto[]>, ProblemHttpResult>> RevisionsAsync(string name, IStore store, CancellationToken cancellationToken)
    {
        if (await store.GetAppAsync(name, cancellationToken) is null)
        {
            return ApiProblems.NoSuchApp(name);
        }

        var revisions = await store.ListRevisionsAsync(name, cancellationToken);
        return TypedResults.Ok(revisions.Select(r => new RevisionDto(r.Name, r.Image, r.Commit, r.Buildpack, r.CreatedAt)).ToArray());
    }

    private static async Task<AppDto> DescribeAsync(
        AppRecord app, IRuntime runtime, RouteTable routes, DeployService deployer, CrashLoops crashes, DateTimeOffset now, ProxyOptions proxy, TeamDomainSet teamDomains, CancellationToken cancellationToken)
    {
        var instances = await runtime.ListAsync(app.Name, cancellationToken);
        var running = instances.Count(i => i.Revision == app.CurrentRevision && i.Running);
        var routed = routes.ReadyCount(app.Name) > 0;
        var noWeb = routes.FindApp(app.Name) is { NoWeb: true } && app.CurrentRevision is not null;
        var state = (deployer.IsDeploying(app.Name), app.CurrentRevision, running, routed) switch
        {
            (true, _, _, _) => "deploying",
            (_, null, _, _) => "not deployed",
            _ when noWeb => NoWebState,
            (_, _, > 0, true) => "running",
            (_, _, > 0, false) => "starting",
            _ => "stopped",
        };

        // Like a pod in CrashLoopBackOff: the crash history of the revision it serves replaces a plain "stopped".
        var crash = app.CurrentRevision is { } current ? crashes.Find(current) : null;
        if (crash is not null && state is not "deploying" && CrashSummary.IsCrashing(crash, routed, now))
        {
            state = CrashSummary.Crashing;
        }

        var crashDto = crash is null
            ? null
            : new AppCrashDto(crash.Crashes, crash.LastExitCode, crash.OutOfMemory, crash.CrashLooping(now), crash.LastCrashAt, crash.BackingOff(now) ? crash.NextStartAt : null);
        var detail = crash is null || state is "deploying" ? state : CrashSummary.Describe(state, crash, now);
        return new AppDto(app.Name, noWeb ? null : teamDomains.UrlFor(app.Name, app.Team, proxy.Scheme, proxy.Port), state, app.CurrentRevision, running, app.CreatedAt, detail, crashDto, app.Team, noWeb);
    }

}
