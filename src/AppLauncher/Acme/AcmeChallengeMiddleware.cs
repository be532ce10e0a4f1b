namespace AppLauncher.Acme;

/// <summary>
/// Answers <c>GET /.well-known/acme-challenge/{token}</c> for tokens of a pending HTTP-01 challenge, on any host, before
/// the proxy and any redirect to HTTPS (RFC 8555 §8.3: the validation comes over plain HTTP). Unknown tokens pass on,
/// so an app that answers its own challenges still can.
/// </summary>
internal sealed class AcmeChallengeMiddleware(RequestDelegate next, Http01Challenges challenges)
{
    public const string PathPrefix = "/.well-known/acme-challenge/";

    public Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value;
        if (path is not null && path.StartsWith(PathPrefix, StringComparison.Ordinal) && HttpMethods.IsGet(context.Request.Method)
            && challenges.Find(path[PathPrefix.Length..]) is { } keyAuthorization)
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/octet-stream";
            return context.Response.WriteAsync(keyAuthorization, context.RequestAborted);
        }

        return next(context);
    }
}
