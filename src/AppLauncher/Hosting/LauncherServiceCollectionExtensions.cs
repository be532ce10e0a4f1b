using System.Security.Cryptography;
using AppLauncher.Apps;
using AppLauncher.Autoscaling;
using AppLauncher.Build;
using AppLauncher.Core.Config;
using AppLauncher.Deploy;
using AppLauncher.Domains;
using AppLauncher.Git;
using AppLauncher.Proxy;
using AppLauncher.Release;
using AppLauncher.Runtime;
using AppLauncher.Store;
using Docker.DotNet;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Yarp.ReverseProxy.Forwarder;

namespace AppLauncher.Hosting;

/// <summary>Registers every AppLauncher service; each with TryAdd, so tests can replace any of them.</summary>
public static class LauncherServiceCollectionExtensions
{
    public static IServiceCollection AddLauncher(this IServiceCollection services, LauncherSettings settings)
    {
        var config = settings.Config;
        var listen = settings.Listen;

        services.TryAddSingleton(settings);
        services.TryAddSingleton(config);
        services.TryAddSingleton(settings.Token);
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(nameof(DockerRuntime));
        services.AddProblemDetails();

        services.TryAddSingleton<IStore>(_ => new SqliteStore(Path.Combine(settings.DataDirectory, "launcher.db")));
        services.TryAddSingleton<IDockerClient>(_ => new DockerClientBuilder().WithEndpoint(new Uri("unix://" + Path.GetFullPath(config.Runtime.Docker.Socket))).Build());
        if (config.Runtime.Kind == "kubernetes")
        {
            services.AddKubernetesRuntime(config);
        }

        services.TryAddSingleton<IRuntime, DockerRuntime>();
        services.TryAddSingleton(new BuildpackCatalog(settings.BuildpacksDirectory));
        services.TryAddSingleton<ImageBuilder>();
        services.TryAddSingleton<Releaser>();
        services.TryAddSingleton<TrafficService>();
        services.TryAddSingleton<AppLocks>();
        services.TryAddSingleton<DeployService>();
        services.TryAddSingleton<RollbackService>();
        services.TryAddSingleton<ConfigReleaseService>();

        services.TryAddSingleton(new GitRepositories(Path.Combine(settings.DataDirectory, "git")));
        services.TryAddSingleton(new GitHttpOptions
        {
            HookUrl = new Uri($"http://{LoopbackHost(listen)}:{listen.Port}{GitApi.HookPath}"),
            HookToken = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)),
            DeployBranch = config.Deploy.Branch,
        });
        services.TryAddSingleton<GitService>();
        services.TryAddSingleton<ManifestInputSource>();

        services.TryAddSingleton<RouteTable>();
        services.TryAddSingleton<ProxyHttpClient>();
        services.AddHttpForwarder();
        services.Configure<ProxyOptions>(o =>
        {
            o.Domain = config.Domain;
            o.Scheme = listen.Scheme;
            o.Port = listen.Port;
        });

        services.TryAddSingleton<TrafficRegistry>();
        services.TryAddSingleton<AppActivator>();
        services.TryAddSingleton<AutoscalingPolicies>();
        services.TryAddSingleton<MetricsCollector>();
        services.TryAddSingleton<InstanceScaler>();
        services.TryAddSingleton<AutoscalerService>();
        services.TryAddSingleton<IActivationHandler>(sp => sp.GetRequiredService<AutoscalerService>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAppLifecycleHook, AutoscalingLifecycleHook>());

        services.AddLauncherDomains(settings);
        services.AddHostedService<RouteRestorer>();
        services.AddHostedService(sp => sp.GetRequiredService<MetricsCollector>());
        services.AddHostedService(sp => sp.GetRequiredService<AutoscalerService>());
        return services;
    }

    /// <summary>The address the hook can reach the server at: <c>localhost</c> and wildcard listeners answer on 127.0.0.1.</summary>
    private static string LoopbackHost(Uri listen) => listen.Host switch
    {
        "localhost" or "0.0.0.0" or "[::]" or "*" or "+" => "127.0.0.1",
        _ => listen.Host,
    };
}
