using AppLauncher.Settings;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AppLauncher.Observability.Logs;

/// <summary>Registers the apps' logs: the store in the data directory, the collector that fills it, the build logs.</summary>
public static class LogsServiceCollectionExtensions
{
    public static IServiceCollection AddLauncherLogs(this IServiceCollection services, LauncherSettings settings)
    {
        var root = Path.Combine(settings.DataDirectory, "logs");
        services.TryAddSingleton(sp => new AppLogStore(root, settings.Config.Logs, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new BuildLogs(root, settings.Config.Logs, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<LogCollector>();
        services.AddHostedService(sp => sp.GetRequiredService<LogCollector>());
        return services;
    }
}
