using AppLauncher.Git;

namespace AppLauncher.Api;

/// <summary>Maps the control plane: the git endpoint and every API area.</summary>
public static class LauncherApiExtensions
{
    /// <summary>Authenticates <c>/api</c> and bounds control-plane bodies before an endpoint runs; goes after the proxy, before the endpoints.</summary>
    public static IApplicationBuilder UseLauncherApiGate(this IApplicationBuilder app) => app.UseMiddleware<ApiAccessMiddleware>();

    public static IEndpointRouteBuilder MapLauncherApi(this IEndpointRouteBuilder app)
    {
        app.MapGitApi();
        app.MapAppsApi();
        app.MapLogsApi();
        app.MapBuildsApi();
        app.MapAutoscalingApi();
        app.MapReleasesApi();
        app.MapTrafficApi();
        app.MapConfigApi();
        app.MapAppLifecycleApi();
        app.MapDomainsApi();
        app.MapManifestsApi();
        app.MapGcApi();
        app.MapIdentityApi();
        app.MapProcessesApi();
        app.MapRunsApi();
        app.MapCronApi();
        app.MapRemotesApi();
        app.MapRebuildsApi();
        app.MapHooksApi();
        app.MapCertificatesApi();
        app.MapMetricsApi();
        app.MapAlertsApi();
        return app;
    }
}
