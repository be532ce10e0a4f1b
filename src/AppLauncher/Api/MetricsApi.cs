using AppLauncher.Core.Metrics;
using AppLauncher.Identity;
using AppLauncher.Observability;
using AppLauncher.Store;

namespace AppLauncher.Api;

/// <summary>
/// <c>GET /metrics</c>: the OpenTelemetry Prometheus exporter, behind the API gate with any valid token. The platform
/// owner sees every series; anyone else sees the series of the apps of their teams (any role) and none of the
/// platform's own (process, runtime, store).
/// </summary>
internal static class MetricsApi
{
    public static IEndpointRouteBuilder MapMetricsApi(this IEndpointRouteBuilder endpoints)
    {
        if (endpoints.ServiceProvider.GetRequiredService<MetricsSettings>().Enabled)
        {
            endpoints.MapPrometheusScrapingEndpoint(ObservabilityServiceCollectionExtensions.MetricsPath, meterProvider: null,
                configureBranchedPipeline: branch => branch.Use(ScopeToCallerAsync), optionsName: null).RequireToken();
        }

        return endpoints;
    }

    private static async Task ScopeToCallerAsync(HttpContext context, RequestDelegate next)
    {
        var caller = context.Caller();
        if (caller.ActsAsOwner)
        {
            await next(context);
            return;
        }

        var store = context.RequestServices.GetRequiredService<IStore>();
        var visible = (await store.ListAppsAsync(context.RequestAborted))
            .Where(a => caller.RoleIn(a.Team) is not null)
            .Select(a => a.Name)
            .ToHashSet(StringComparer.Ordinal);
        var body = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = body;
        }

        var text = System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        var kept = System.Text.Encoding.UTF8.GetBytes(PrometheusTextFilter.Filter(text, visible.Contains));
        context.Response.ContentLength = kept.Length;
        await body.WriteAsync(kept, context.RequestAborted);
    }
}
