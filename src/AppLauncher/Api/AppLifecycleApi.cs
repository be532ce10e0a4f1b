using AppLauncher.Apps;
using AppLauncher.Core.Domains;
using AppLauncher.Proxy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace AppLauncher.Api;

/// <summary>The body of <c>POST /api/apps</c>.</summary>
public sealed record CreateAppRequest(string? Name = null);

/// <summary>An app just created: it has a name and a URL, and nothing deployed yet.</summary>
public sealed record CreatedAppDto(string Name, string Url);

/// <summary><c>POST /api/apps</c> creates an app without a push (like <c>heroku create</c>); <c>DELETE /api/apps/{name}</c> deletes one.</summary>
internal static class AppLifecycleApi
{
    public static RouteGroupBuilder MapAppLifecycleApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/apps");
        group.MapPost("/", CreateAsync);
        group.MapDelete("/{name}", DeleteAsync);
        return group;
    }

    private static async Task<Results<Created<CreatedAppDto>, ProblemHttpResult>> CreateAsync(CreateAppRequest? request, AppLifecycle lifecycle, IOptions<ProxyOptions> proxy, CancellationToken cancellationToken)
    {
        var name = request?.Name ?? "";
        bool created;
        try
        {
            created = await lifecycle.EnsureCreatedAsync(name, cancellationToken);
        }
        catch (AppNameRefusedException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest, title: "App name refused");
        }

        if (!created)
        {
            return TypedResults.Problem($"An app named '{name}' already exists: push to it, or choose another name.", statusCode: StatusCodes.Status409Conflict, title: "App exists");
        }

        var url = AppDomains.UrlFor(name, proxy.Value.Domain, proxy.Value.Scheme, proxy.Value.Port);
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
