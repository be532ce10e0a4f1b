using AppLauncher.Core.Identity;
using AppLauncher.Identity;
using AppLauncher.Apps;
using AppLauncher.Core.Domains;
using AppLauncher.Proxy;
using AppLauncher.Store;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace AppLauncher.Api;

/// <summary>The body of <c>POST /api/apps</c>.</summary>
/// <remarks><see cref="Team"/>: the team it belongs to; when null, the caller's only team (the default team for an owner).</remarks>
public sealed record CreateAppRequest(string? Name = null, string? Team = null);

/// <summary>An app just created: it has a name and a URL, and nothing deployed yet.</summary>
public sealed record CreatedAppDto(string Name, string Url);

/// <summary><c>POST /api/apps</c> creates an app without a push (like <c>heroku create</c>); <c>DELETE /api/apps/{name}</c> deletes one.</summary>
internal static class AppLifecycleApi
{
    public static RouteGroupBuilder MapAppLifecycleApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/apps");
        group.MapPost("/", CreateAsync).RequireAnyTeamRole(Role.Developer);
        group.MapDelete("/{name}", DeleteAsync).RequireAppRole(Role.Admin);
        return group;
    }

    private static async Task<Results<Created<CreatedAppDto>, ProblemHttpResult>> CreateAsync(CreateAppRequest? request, HttpContext http, AppLifecycle lifecycle, IIdentityStore identity, IOptions<ProxyOptions> proxy, TeamDomainSet teamDomains, CancellationToken cancellationToken)
    {
        var name = request?.Name ?? "";
        var caller = http.Caller();
        var (team, refusal) = TeamChoice.ForNewApp(caller, request?.Team, name);
        if (refusal is not null)
        {
            return refusal.Value.Status == StatusCodes.Status403Forbidden
                ? ApiProblems.Forbidden(refusal.Value.Message, Role.Developer.Name(), request?.Team)
                : TypedResults.Problem(refusal.Value.Message, statusCode: refusal.Value.Status, title: "Which team?");
        }

        if (!(await identity.ListTeamsAsync(cancellationToken)).Any(t => t.Name == team))
        {
            return TypedResults.Problem($"No team named '{team}': create it with 'launcher teams create {team}' (an owner can), or choose another.", statusCode: StatusCodes.Status400BadRequest, title: "No such team");
        }

        bool created;
        try
        {
            created = await lifecycle.EnsureCreatedAsync(name, cancellationToken, team);
        }
        catch (AppNameRefusedException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest, title: "App name refused");
        }

        if (!created)
        {
            return TypedResults.Problem($"An app named '{name}' already exists: push to it, or choose another name.", statusCode: StatusCodes.Status409Conflict, title: "App exists");
        }

        var url = teamDomains.UrlFor(name, team, proxy.Value.Scheme, proxy.Value.Port);
        return TypedResults.Created($"/api/apps/{name}", new CreatedAppDto(name, url));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string name, AppLifecycle lifecycle, CancellationToken cancellationToken)
    {
        try
        {
            return await lifecycle.DeleteAsync(name, cancellationToken)
                ? TypedResults.NoContent()
                : ApiProblems.NoSuchApp(name);
        }
        catch (AppBusyException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status409Conflict, title: "App busy");
        }
    }
}
