using AppLauncher.Security;
using Microsoft.AspNetCore.Http.Features;

namespace AppLauncher.Api;

/// <summary>
/// Runs before routing reaches an endpoint, so before any body is read (model binding reads it before an endpoint
/// filter runs): every control-plane request gets the small body limit, and every <c>/api</c> call must carry the
/// admin token (<c>Authorization: Bearer …</c>), or it is answered 401 with its body unread.
/// </summary>
internal sealed class ApiTokenMiddleware(RequestDelegate next, AdminToken token)
{
    public const string ApiPrefix = "/api";

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = ApiLimits.MaxBodyBytes;
        }

        if (!context.Request.Path.StartsWithSegments(ApiPrefix) || token.Authorizes(context.Request))
        {
            await next(context);
            return;
        }

        context.Response.Headers.WWWAuthenticate = "Bearer realm=\"AppLauncher\"";
        await TypedResults.Problem(
            "Missing or wrong token: pass the admin token as 'Authorization: Bearer <token>' (the CLI reads LAUNCHER_TOKEN, or the data directory's admin-token file).",
            statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized").ExecuteAsync(context);
    }
}
