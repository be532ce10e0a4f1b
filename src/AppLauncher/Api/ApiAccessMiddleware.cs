using AppLauncher.Core.Identity;
using AppLauncher.Identity;
using Microsoft.AspNetCore.Http.Features;

namespace AppLauncher.Api;

/// <summary>
/// Runs after routing and before the endpoint, so before any body is read (model binding reads it when the endpoint
/// runs): every control-plane request gets the small body limit; every <c>/api</c> call (and <c>/metrics</c>) needs a valid token (401 with
/// the reason otherwise) whose scope covers the endpoint's <see cref="AccessRule"/> (403 naming the role and team
/// otherwise). An <c>/api</c> endpoint that declares no rule is refused: new endpoints are closed until they say who
/// may call them. Every change (any method but GET and HEAD) is audited with the caller and the outcome.
/// </summary>
internal sealed class ApiAccessMiddleware(RequestDelegate next, Authenticator authenticator, AccessGate gate, AuditLog audit)
{
    public const string ApiPrefix = "/api";

    /// <summary>The metrics scrape path: outside <c>/api</c> (where Prometheus looks), behind the same gate.</summary>
    public const string MetricsPath = Observability.ObservabilityServiceCollectionExtensions.MetricsPath;

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = ApiLimits.MaxBodyBytes;
        }

        if (!context.Request.Path.StartsWithSegments(ApiPrefix) && !context.Request.Path.StartsWithSegments(MetricsPath))
        {
            await next(context);
            return;
        }

        // A login endpoint is the way to get a token: it checks its own credentials (and audits them).
        if (context.GetEndpoint()?.Metadata.GetMetadata<AccessRule>() is { Target: AccessTarget.Anyone })
        {
            await next(context);
            return;
        }

        var auth = await authenticator.AuthenticateAsync(context.Request, context.RequestAborted);
        if (auth.Principal is not { } caller)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"AppLauncher\"";
            await TypedResults.Problem(auth.Failure, statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized").ExecuteAsync(context);
            return;
        }

        context.SetCaller(caller);
        var endpoint = context.GetEndpoint();
        var routeValues = context.Request.RouteValues;
        var change = !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method);
        var action = $"{context.Request.Method} {(endpoint as RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path.Value}";
        var app = routeValues.TryGetValue("name", out var n) ? n?.ToString() : null;
        var target = string.Join(" ", routeValues.Where(v => v.Key != "name").Select(v => $"{v.Key}={v.Value}"));

        if (endpoint is not null && endpoint.Metadata.GetMetadata<AccessRule>() is not { } rule)
        {
            // Routed to something (not the fallback) that declares no access rule: closed by default.
            if (endpoint is RouteEndpoint { RoutePattern.RawText: { } pattern } && pattern.StartsWith("/api", StringComparison.Ordinal))
            {
                await ApiProblems.Forbidden($"{action} declares no access rule, so nobody may call it: a server defect, please report it.", null, null).ExecuteAsync(context);
                return;
            }

            await next(context);
            return;
        }

        if (endpoint?.Metadata.GetMetadata<AccessRule>() is { } declared)
        {
            var decision = await gate.DecideAsync(caller, declared, routeValues, context.RequestAborted);
            if (!decision.Allowed)
            {
                if (change)
                {
                    await audit.RecordAsync(caller.Actor, action, app, NullIfEmpty(target), "denied: needs " + (decision.NeededRole ?? "?") + (decision.Team is null ? "" : " in " + decision.Team));
                }

                await ApiProblems.Forbidden(decision.Reason!, decision.NeededRole, decision.Team).ExecuteAsync(context);
                return;
            }
        }

        try
        {
            await next(context);
        }
        catch (Exception e) when (change && e is not OperationCanceledException)
        {
            // A body that does not bind (400) or a defect (500) ends in the exception handler: it is still a change
            // someone asked for, and the log says it failed.
            await audit.RecordAsync(caller.Actor, action, app, NullIfEmpty(target), $"failed ({(e is BadHttpRequestException bad ? bad.StatusCode : 500)})");
            throw;
        }

        if (change)
        {
            var status = context.Response.StatusCode;
            await audit.RecordAsync(caller.Actor, action, app, NullIfEmpty(target), status < 400 ? $"ok ({status})" : $"failed ({status})");
        }
    }

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
}
