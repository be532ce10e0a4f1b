using AppLauncher.Core.Identity;
using AppLauncher.Identity;
using AppLauncher.Core.Apps;
using AppLauncher.Release;
using AppLauncher.Security;
using AppLauncher.Store;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AppLauncher.Api;

/// <summary>A config var as the API shows it: a secret's value is never shown.</summary>
public sealed record ConfigVarDto(string Key, string? Value, bool Secret, DateTimeOffset UpdatedAt, string? UpdatedBy);

/// <summary>An app's config vars.</summary>
public sealed record ConfigDto(string App, ConfigVarDto[] Vars);

/// <summary>The body of a config change: variables to set (each may be a secret) and names to unset, applied together.</summary>
public sealed record ConfigPatchRequest(ConfigSetting[]? Set = null, string[]? Unset = null);

/// <summary><c>/api/apps/{name}/config</c>: list and change an app's config vars. Values of secrets never leave the store.</summary>
internal static class ConfigApi
{
    public static RouteGroupBuilder MapConfigApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/apps/{name}");
        group.MapGet("/config", ListAsync).RequireAppRole(Role.Viewer);
        group.MapPatch("/config", PatchAsync).RequireAppRole(Role.Developer);
        return group;
    }

    private static async Task<Results<Ok<ConfigDto>, ProblemHttpResult>> ListAsync(string name, IStore store, CancellationToken cancellationToken)
    {
        if (await store.GetAppAsync(name, cancellationToken) is null)
        {
            return ApiProblems.NoSuchApp(name);
        }

        var vars = await store.ListConfigAsync(name, cancellationToken);
        return TypedResults.Ok(new ConfigDto(name, [.. vars.Select(v => new ConfigVarDto(v.Key, v.Secret ? null : v.Value, v.Secret, v.UpdatedAt, v.UpdatedBy))]));
    }

    private static async Task<Results<Ok<ConfigOutcome>, ValidationProblem, ProblemHttpResult>> PatchAsync(
        string name, ConfigPatchRequest request, HttpRequest http, IStore store, ConfigReleaseService config, CancellationToken cancellationToken)
    {
        if (request.Set?.Any(s => s is null) == true || request.Unset?.Any(u => u is null) == true)
        {
            return ApiProblems.NullInList("set and unset", """{"set":[{"key":"GREETING","value":"hi"}],"unset":["OLD"]}""");
        }

        if (await store.GetAppAsync(name, cancellationToken) is null)
        {
            return ApiProblems.NoSuchApp(name);
        }

        var outcome = await config.ChangeAsync(name, new ConfigChange(request.Set ?? [], request.Unset ?? []), http.HttpContext.Caller().Actor, cancellationToken);
        return outcome switch
        {
            { Done: true } => TypedResults.Ok(outcome),
            { Errors: { } errors } => TypedResults.ValidationProblem(errors, title: outcome.Message),
            _ => TypedResults.Problem(outcome.Message, statusCode: outcome.Status, title: "Config not changed"),
        };
    }
}
