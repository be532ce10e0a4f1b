using AppLauncher.Adapters;
using AppLauncher.Settings;
using AppLauncher.Stages;

namespace AppLauncher.Hosting;

/// <summary>Registers every AppLauncher service: the adapters (store, Docker, the runtime), then the stages.</summary>
public static class LauncherServiceCollectionExtensions
{
    public static IServiceCollection AddLauncher(this IServiceCollection services, LauncherSettings settings) =>
        services.AddLauncherAdapters(settings).AddLauncherStages(settings);
}
