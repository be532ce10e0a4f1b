using AppLauncher.Replicas;
using AppLauncher.Apps;
using AppLauncher.Core.Domains;
using AppLauncher.Settings;
using AppLauncher.Proxy;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AppLauncher.Domains;

/// <summary>Registers naming, app creation and deletion, custom domains, and (when configured) the DNS server and registrar.</summary>
public static class DomainsServiceCollectionExtensions
{
    public static IServiceCollection AddLauncherDomains(this IServiceCollection services, LauncherSettings settings)
    {
        var config = settings.Config;
        services.TryAddSingleton(_ => new DomainNamer(
            config.Domain,
            DomainTemplate.Parse(config.Domains.Template),
            DomainTemplate.Parse(config.Domains.TeamTemplate),
            DomainTemplate.Parse(config.Domains.TagTemplate),
            config.Domains.Reserved,
            settings.Listen.Host));
        services.TryAddSingleton<DomainTable>();
        services.TryAddSingleton<TeamDomainSet>();
        services.TryAddSingleton<AppLifecycle>();
        services.TryAddSingleton<DnsTxtRecords>();
        services.TryAddSingleton<DnsZoneResponder>();
        services.TryAddSingleton<DnsResolverClient>();
        services.TryAddSingleton<CustomDomainService>();
        services.TryAddSingleton<DomainVerifier>();
        services.AddLeaderOnlyHostedService<DomainVerifier>();

        if (config.Dns.Enabled)
        {
            services.TryAddSingleton<DnsServer>();
            services.AddHostedService(sp => sp.GetRequiredService<DnsServer>());
        }

        if (config.Dns.Register is { } register)
        {
            services.TryAddSingleton(sp => new DnsUpdateClient(register, sp.GetRequiredService<TimeProvider>()));
            services.TryAddSingleton<DnsRegistrar>();
            services.AddLeaderOnlyHostedService<DnsRegistrar>();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IAppLifecycleHook, DnsRegistrar>(sp => sp.GetRequiredService<DnsRegistrar>()));
        }

        return services;
    }
}
