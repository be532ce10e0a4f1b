using AppLauncher.Acme;
using AppLauncher.Settings;
using AppLauncher.Api;
using AppLauncher.Certificates;
using AppLauncher.Identity;
using AppLauncher.Proxy;
using AppLauncher.Store;

namespace AppLauncher.Hosting;

/// <summary>Builds the AppLauncher web application: control plane (git, API) and proxy on the HTTP and HTTPS listeners.</summary>
public static class LauncherApp
{
    public static async Task<WebApplication> CreateAsync(LauncherSettings settings, string[]? args = null, Action<IServiceCollection>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args ?? []);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        // Hosting opens a logging scope (an AsyncLocal write and the objects behind it) on every request while its
        // logger is enabled at any level, though of its request lines (Information) the filter above drops every one:
        // off, a proxied request allocates about 2 kB less (bench-proxy's "alloc B/req", 6.2 → 4.2 kB). Unhandled
        // request exceptions are still logged, by Kestrel and the exception handler; a start-up failure reaches Program.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        builder.WebHost.ConfigureKestrel(k =>
        {
            // Requests to apps (the proxy) may carry uploads; the control plane narrows this per request (ApiLimits, git.maxPushBytes).
            k.Limits.MaxRequestBodySize = Math.Max(1024L * 1024 * 1024, settings.Config.Git.MaxPushBytes);
            k.Limits.MaxRequestHeadersTotalSize = ApiLimits.MaxRequestHeadersTotalSize;
            KestrelListeners.Configure(k, settings);
        });
        builder.Services.AddLauncher(settings);
        configure?.Invoke(builder.Services);

        var app = builder.Build();

        // Before anything listens: a damaged local CA on disk stops start-up here, naming its file.
        app.Services.GetRequiredService<LocalCertificateAuthority>();
        await StoreStartup.MigrateAsync(app.Services.GetRequiredService<IStore>(), TimeSpan.FromSeconds(settings.Config.Store.StartTimeoutSeconds),
            app.Services.GetService<TimeProvider>() ?? TimeProvider.System, app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AppLauncher.Store"), CancellationToken.None);
        await app.Services.GetRequiredService<IdentityBootstrap>().EnsureAsync(CancellationToken.None);
        await app.Services.GetRequiredService<DeclaredTeams>().EnsureAsync(CancellationToken.None);
        await app.Services.GetRequiredService<LdapMappingCheck>().EnsureAsync(CancellationToken.None);

        // App hosts go to the proxy before routing; everything else is the control plane.
        app.UseAcmeChallenges();
        app.UseLauncherProxy();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRouting();
        // The live console of one-off runs (launcher run -i) is a WebSocket.
        app.UseWebSockets();
        app.UseLauncherApiGate();
        app.MapLauncherApi();
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapFallback(NotFoundAsync);
        return app;
    }

    private static IResult NotFoundAsync(HttpContext context) =>
        Results.Problem(
            $"Nothing at {context.Request.Path} on the control plane. Push with 'git push http://{context.Request.Host}/<app>.git main'; the API is under /api.",
            statusCode: StatusCodes.Status404NotFound, title: "Not found");
}
