using Docker.DotNet;
using AppLauncher.Runtime;
using AppLauncher.Security;
using AppLauncher.Settings;
using AppLauncher.Store;
using AppLauncher.Core.Config;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AppLauncher.Adapters;

/// <summary>Registers the outside world: the store, the Docker Engine, and the runtime the platform runs apps on.</summary>
public static class AdaptersServiceCollectionExtensions
{
    public static IServiceCollection AddLauncherAdapters(this IServiceCollection services, LauncherSettings settings)
    {
        var config = settings.Config;
        services.TryAddSingleton(settings);
        services.TryAddSingleton(config);
        services.TryAddSingleton(settings.Token);
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(nameof(DockerRuntime));

        services.TryAddSingleton(sp =>
        {
            var store = StoreFactory.Create(config.Store, settings.DataDirectory);
            if (store is SqlStore sql && sp.GetService<System.Diagnostics.Metrics.IMeterFactory>() is { } meters)
            {
                sql.Latency = new StoreLatency(meters);
            }

            return store;
        });
        services.TryAddSingleton(sp => (IIdentityStore)sp.GetRequiredService<IStore>());
        services.TryAddSingleton(sp => (IRemoteStore)sp.GetRequiredService<IStore>());
        services.TryAddSingleton(sp => (ICertificateStore)sp.GetRequiredService<IStore>());
        if (config.Store.Provider == StoreConfig.Postgres)
        {
            // Replicas share the database: the singletons run on the one that holds the lease.
            services.TryAddSingleton(sp => new PostgresLeaderLease(config.Store.ConnectionString ?? "", sp.GetRequiredService<ILogger<PostgresLeaderLease>>(), sp.GetRequiredService<TimeProvider>()));
            services.TryAddSingleton<ILeaderLease>(sp => sp.GetRequiredService<PostgresLeaderLease>());
            services.AddHostedService(sp => sp.GetRequiredService<PostgresLeaderLease>());
        }
        else
        {
            services.TryAddSingleton<ILeaderLease, SoleLeaderLease>();
        }

        services.TryAddSingleton(_ => TokenHasher.FromFile(Path.Combine(settings.DataDirectory, TokenHasher.KeyFileName)));
        services.TryAddSingleton<IDockerClient>(_ => new DockerClientBuilder().WithEndpoint(new Uri("unix://" + Path.GetFullPath(config.Runtime.Docker.Socket))).Build());
        services.TryAddSingleton<Docker.IImageInventory, Docker.DockerImageInventory>();
        if (config.Runtime.Kind == "kubernetes")
        {
            services.AddKubernetesRuntime(config);
        }

        else
        {
            // Instances that end without being asked to reach the supervisor (the stages register the sink).
            services.AddHostedService<DockerInstanceWatcher>();
        }

        services.TryAddSingleton<DockerAppNetwork>();
        services.TryAddSingleton<DockerRuntime>();
        services.TryAddSingleton<IRuntime>(sp => sp.GetRequiredService<DockerRuntime>());
        if (config.Runtime.Kind != "kubernetes")
        {
            // Non-web process types run as containers of their own, supervised by the stages' process supervisor.
            services.TryAddSingleton<IProcessRuntime>(sp => sp.GetRequiredService<DockerRuntime>());
            services.TryAddSingleton<IRunRuntime>(sp => sp.GetRequiredService<DockerRuntime>());

            // Every container's output, followed as it is written, for the log collector.
            services.TryAddSingleton<IContainerLogSource, DockerLogSource>();
        }

        return services;
    }
}
