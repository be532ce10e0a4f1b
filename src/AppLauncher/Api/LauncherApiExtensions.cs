using AppLauncher.Git;

namespace AppLauncher.Api;

/// <summary>Maps the control plane: the git endpoint and every API area.</summary>
public static class LauncherApiExtensions
{
    public static IEndpointRouteBuilder MapLauncherApi(this IEndpointRouteBuilder app)
    {
        app.MapGitApi();
        app.MapAppsApi();
        app.MapAutoscalingApi();
        app.MapReleasesApi();
        app.MapTrafficApi();
        app.MapConfigApi();
        app.MapAppLifecycleApi();
        app.MapDomainsApi();
        app.MapManifestsApi();
        app.MapGcApi();
        return app;
    }
}
