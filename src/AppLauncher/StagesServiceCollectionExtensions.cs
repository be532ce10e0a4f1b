using AppLauncher.Replicas;
using AppLauncher.Acme;
using AppLauncher.Api;
using AppLauncher.Core.Config;
using AppLauncher.Apps;
using AppLauncher.Autoscaling;
using AppLauncher.Build;
using AppLauncher.Certificates;
using AppLauncher.Deploy;
using AppLauncher.Domains;
using AppLauncher.Gc;
using AppLauncher.Git;
using AppLauncher.Identity;
using AppLauncher.Observability.Logs;
using AppLauncher.Observability;
using AppLauncher.Processes;
using AppLauncher.Scheduling;
using Quartz;
using AppLauncher.Proxy;
using AppLauncher.Release;
using AppLauncher.Remote;
using AppLauncher.GitFetch;
using AppLauncher.Runtime;
using AppLauncher.Settings;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Yarp.ReverseProxy.Forwarder;

namespace AppLauncher.Stages;

/// <summary>Registers the server's stages, each with TryAdd so tests can replace any of them; the adapters come first.</summary>
public static class StagesServiceCollectionExtensions
{
    public static IServiceCollection AddLauncherStages(this IServiceCollection services, LauncherSettings settings)
    {
        var config = settings.Config;
        var listen = settings.Listen;
        services.AddProblemDetails();
        services.AddLauncherApiBodies();
        services.AddExceptionHandler<Api.StoreUnavailableHandler>();

        // Apps: what every stage shares about an app (its lock, its policy, its creation and deletion).
        services.TryAddSingleton<AppLocks>();
        services.TryAddSingleton<AutoscalingPolicies>();

        // Proxy.
        services.TryAddSingleton<RouteTable>();
        services.TryAddSingleton<ProxyHttpClient>();
        services.AddHttpForwarder();
        services.Configure<ProxyOptions>(o =>
        {
            o.Domain = config.Domain;
            o.Scheme = listen.Scheme;
            o.Port = listen.Port;
            o.HttpsPort = settings.TlsListen?.Port;
            o.Redirect = config.Tls.Redirect;
            o.HstsMaxAgeSeconds = config.Tls.HstsMaxAgeSeconds;
            o.TrustedProxies = [.. config.Proxy.TrustedProxies.Select(p => ProxyConfig.TryParseTrustedProxy(p, out var network, out _) ? network : throw new InvalidOperationException($"proxy.trustedProxies: '{p}' was not validated"))];
        });
        services.TryAddSingleton<ForwardedHeadersTransformer>();
        services.TryAddSingleton<HttpsPolicy>();
        services.TryAddSingleton<TrafficRegistry>();
        services.TryAddSingleton<ScaleRequests>();
        services.TryAddSingleton<AppActivator>();
        services.TryAddSingleton<IEndpointSink, RouteTableEndpointSink>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAppLifecycleHook, ProxyLifecycleHook>());

        // Release.
        services.TryAddSingleton<RevisionInstances>();
        services.TryAddSingleton<Releaser>();
        services.TryAddSingleton<TrafficService>();
        services.TryAddSingleton<RollbackService>();
        services.TryAddSingleton<ConfigReleaseService>();
        services.AddHostedService<RouteRestorer>();

        // Autoscaling.
        services.TryAddSingleton<MetricsCollector>();
        services.TryAddSingleton<InstanceScaler>();
        services.TryAddSingleton<CrashLoops>();
        services.TryAddSingleton<IInstanceFailureSink, InstanceSupervisor>();
        services.TryAddSingleton<AutoscalerService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAppLifecycleHook, AutoscalingLifecycleHook>());
        services.AddHostedService(sp => sp.GetRequiredService<MetricsCollector>());
        services.AddLeaderOnlyHostedService<AutoscalerService>();

        // Processes: the non-web Procfile process types, kept at their counts and replaced when they crash.
        services.TryAddSingleton<ProcessFormation>();
        services.TryAddSingleton<ProcessSupervisor>();
        services.TryAddSingleton<OneOffRuns>();
        services.AddLeaderOnlyHostedService<ProcessSupervisor>();

        // Scheduling: the apps' cron jobs as Quartz triggers, each run a one-off container; with PostgreSQL, Quartz's
        // clustered job store on the same database, so that with several replicas exactly one fires each run.
        services.AddQuartz(q => QuartzStore.Configure(q, config.Store));
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = false);
        services.TryAddSingleton<CronJobs>();
        services.TryAddSingleton<CronRunner>();
        services.TryAddSingleton<CronScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<CronScheduler>());

        // Observability: the apps' output and build logs, kept in the data directory.
        services.AddLauncherLogs(settings);

        // Build, Deploy.
        services.TryAddSingleton(new BuildpackCatalog(settings.BuildpacksDirectory));
        services.TryAddSingleton(new BuildQueue(config.Build.Concurrency, config.Build.MaxQueued));
        services.TryAddSingleton<HostFirewall>();
        services.TryAddSingleton<BuildNetwork>();
        services.AddHostedService(sp => sp.GetRequiredService<BuildNetwork>());
        services.TryAddSingleton<ImageBuilder>();
        services.TryAddSingleton<DeployService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAppLifecycleHook, LogsLifecycleHook>());

        // Garbage collection: after each deploy and on a schedule.
        services.TryAddSingleton<ImageCollector>();
        services.TryAddSingleton<GcScheduler>();
        services.AddLeaderOnlyHostedService<GcScheduler>();

        // Git.
        services.TryAddSingleton(new GitRepositories(Path.Combine(settings.DataDirectory, "git")));
        services.TryAddSingleton(new GitHttpOptions
        {
            HookUrl = new Uri($"http://{LoopbackHost(listen)}:{listen.Port}{GitApi.HookPath}"),
            MaxPushBytes = config.Git.MaxPushBytes,
            DeployBranch = config.Deploy.Branch,
        });
        services.TryAddSingleton<HookGrants>();
        services.TryAddSingleton<GitService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAppLifecycleHook, GitLifecycleHook>());

        // Remote: apps connected to repositories elsewhere, fetched on webhooks, polls and connects.
        services.TryAddSingleton<RemoteFetcher>();
        services.TryAddSingleton<RemoteLogs>();
        services.TryAddSingleton<RemoteDeployer>();
        services.TryAddSingleton<RemoteSync>();
        services.TryAddSingleton<RemotePolls>();
        services.TryAddSingleton<RemoteConnections>();
        services.TryAddSingleton<WebhookReceiver>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAppLifecycleHook, RemoteLifecycleHook>());
        services.AddHostedService(sp => sp.GetRequiredService<RemoteSync>());
        services.AddLeaderOnlyHostedService<RemotePolls>();

        // Rebuilds: apps on a changed stack image, one at a time, on rebuild.schedule and by hand.
        services.TryAddSingleton<Rebuilds.StackImages>();
        services.TryAddSingleton<Rebuilds.StackRebuilds>();
        services.TryAddSingleton<Rebuilds.StackRebuildSchedule>();
        services.AddHostedService(sp => sp.GetRequiredService<Rebuilds.StackRebuilds>());
        services.AddHostedService(sp => sp.GetRequiredService<Rebuilds.StackRebuildSchedule>());
        services.AddHostedService<Rebuilds.StackImageWatcher>();

        // Identity: tokens, teams, the access gate and the audit log.
        services.TryAddSingleton<Authenticator>();
        services.TryAddSingleton<AccessGate>();
        services.TryAddSingleton<AuditLog>();
        services.TryAddSingleton<TokenIssuer>();
        services.TryAddSingleton<IdentityBootstrap>();
        services.TryAddSingleton<LoginThrottle>();
        services.TryAddSingleton<LdapLogin>();
        services.TryAddSingleton<DeclaredTeams>();
        services.TryAddSingleton<LdapMappingCheck>();

        services.AddLauncherDomains(settings);

        // Certificates: what the TLS listener serves by SNI (the local CA's leaves, ACME's certificates).
        services.AddLauncherCertificates(settings);
        services.AddLauncherAcme(settings);
        services.AddLauncherObservability(config);
        return services;
    }

    /// <summary>The address the hook can reach the server at: <c>localhost</c> and wildcard listeners answer on 127.0.0.1.</summary>
    private static string LoopbackHost(Uri listen) => listen.Host switch
    {
        "localhost" or "0.0.0.0" or "[::]" or "*" or "+" => "127.0.0.1",
        _ => listen.Host,
    };
}
