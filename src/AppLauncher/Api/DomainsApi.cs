using AppLauncher.Core.Identity;
using AppLauncher.Identity;
using Microsoft.AspNetCore.Mvc;
using AppLauncher.Domains;
using AppLauncher.Store;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AppLauncher.Api;

/// <summary>The body of <c>POST /api/apps/{name}/domains</c>.</summary>
public sealed record AddDomainRequest(string? Domain = null);

/// <summary>
/// <c>/api/apps/{name}/domains</c>: an app's custom domains (list, add, verify, remove), and
/// <c>/api/apps/{name}/dns</c>: its registration in the external DNS server.
/// </summary>
internal static class DomainsApi
{
    public static RouteGroupBuilder MapDomainsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/apps/{name}");
        group.MapGet("/domains", ListAsync).RequireAppRole(Role.Viewer);
        group.MapPost("/domains", AddAsync).RequireAppRole(Role.Developer);
        group.MapPost("/domains/{domain}/verify", VerifyAsync).RequireAppRole(Role.Developer);
        group.MapDelete("/domains/{domain}", RemoveAsync).RequireAppRole(Role.Developer);
        group.MapGet("/dns", DnsAsync).RequireAppRole(Role.Viewer);
        return group;
    }

    private static async Task<Results<Ok<CustomDomainDto[]>, ProblemHttpResult>> ListAsync(string name, CustomDomainService domains, CancellationToken cancellationToken) =>
        await domains.ListAsync(name, cancellationToken) is { } list
            ? TypedResults.Ok(list.ToArray())
            : ApiProblems.NoSuchApp(name);

    private static async Task<IResult> AddAsync(string name, AddDomainRequest? request, CustomDomainService domains, CancellationToken cancellationToken) =>
        ToResult(await domains.AddAsync(name, request?.Domain ?? "", cancellationToken), $"/api/apps/{name}/domains");

    private static async Task<IResult> VerifyAsync(string name, string domain, CustomDomainService domains, CancellationToken cancellationToken) =>
        ToResult(await domains.VerifyAsync(name, domain, cancellationToken), null);

    private static async Task<IResult> RemoveAsync(string name, string domain, CustomDomainService domains, CancellationToken cancellationToken) =>
        ToResult(await domains.RemoveAsync(name, domain, cancellationToken), null);

    private static async Task<Results<Ok<DnsRegistrationStatus>, ProblemHttpResult>> DnsAsync(string name, IStore store, [FromServices] DnsRegistrar? registrar, CancellationToken cancellationToken)
    {
        if (await store.GetAppAsync(name, cancellationToken) is null)
        {
            return ApiProblems.NoSuchApp(name);
        }

        if (registrar is null)
        {
            return TypedResults.Problem("Registration in an external DNS server is off: configure dns.register in launcher.yaml.", statusCode: StatusCodes.Status404NotFound, title: "DNS registration off");
        }

        return TypedResults.Ok(registrar.StatusOf(name) ?? new DnsRegistrationStatus(registrar.NameOf(name), "", "register", DnsRegistrationStatus.Pending, 0, null, null, null));
    }

    private static IResult ToResult(CustomDomainResult result, string? location) => result switch
    {
        { Domain: { } dto, Status: StatusCodes.Status201Created } => TypedResults.Created($"{location}/{dto.Domain}", dto),
        { Domain: { } dto } => TypedResults.Ok(dto),
        _ => TypedResults.Problem(result.Error, statusCode: result.Status, title: result.Status switch
        {
            StatusCodes.Status409Conflict => "Domain taken",
            StatusCodes.Status404NotFound => "Not found",
            _ => "Domain refused",
        }),
    };
}
