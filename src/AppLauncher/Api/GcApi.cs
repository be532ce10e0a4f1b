using AppLauncher.Core.Identity;
using AppLauncher.Identity;
using AppLauncher.Gc;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AppLauncher.Api;

/// <summary><c>POST /api/gc[?dryRun=true]</c>: collect old images and stopped one-off containers now, or list what would go.</summary>
internal static class GcApi
{
    public static RouteGroupBuilder MapGcApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/gc");
        group.MapPost("", CollectAsync).RequireOwner();
        return group;
    }

    private static async Task<Ok<GcReport>> CollectAsync(ImageCollector collector, CancellationToken cancellationToken, bool dryRun = false) =>
        TypedResults.Ok(await collector.CollectAsync(dryRun, cancellationToken));
}
