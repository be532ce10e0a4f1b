using AppLauncher.Acme;
using AppLauncher.Core.Identity;
using AppLauncher.Identity;
using AppLauncher.Store;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AppLauncher.Api;

/// <summary>
/// <c>GET /api/apps/{name}/certificates</c>: the certificates serving an app (its own, its custom domains', the wildcard
/// covering its name), with issuer, not-after, last error and next attempt; <c>GET /api/certificates</c>: all of them (owner).
/// </summary>
internal static class CertificatesApi
{
    public static IEndpointRouteBuilder MapCertificatesApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/apps/{name}/certificates", ListForAppAsync).RequireAppRole(Role.Viewer);
        endpoints.MapGet("/api/certificates", ListAllAsync).RequireOwner();
        return endpoints;
    }

    private static async Task<Results<Ok<CertificateStatus[]>, ProblemHttpResult>> ListForAppAsync(string name, IStore store, CertificateStatuses statuses, CancellationToken cancellationToken) =>
        await store.GetAppAsync(name, cancellationToken) is null
            ? ApiProblems.NoSuchApp(name)
            : TypedResults.Ok((await statuses.ListAsync(name, cancellationToken)).ToArray());

    private static async Task<Ok<CertificateStatus[]>> ListAllAsync(CertificateStatuses statuses, CancellationToken cancellationToken) =>
        TypedResults.Ok((await statuses.ListAsync(null, cancellationToken)).ToArray());
}
