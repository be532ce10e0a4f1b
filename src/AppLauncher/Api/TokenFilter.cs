using AppLauncher.Security;

namespace AppLauncher.Api;

/// <summary>Every API call carries the admin token (<c>Authorization: Bearer …</c>).</summary>
internal sealed class TokenFilter(AdminToken token) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (token.Authorizes(context.HttpContext.Request))
        {
            return await next(context);
        }

        context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer realm=\"AppLauncher\"";
        return TypedResults.Problem(
            "Missing or wrong token: pass the admin token as 'Authorization: Bearer <token>' (the CLI reads LAUNCHER_TOKEN).",
            statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");
    }
}
