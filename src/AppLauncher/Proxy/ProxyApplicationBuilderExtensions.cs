namespace AppLauncher.Proxy;

/// <summary>Puts the proxy in front of routing: app hosts go to their instances, everything else to the control plane.</summary>
public static class ProxyApplicationBuilderExtensions
{
    public static IApplicationBuilder UseLauncherProxy(this IApplicationBuilder app) => app.UseMiddleware<ProxyMiddleware>();
}
