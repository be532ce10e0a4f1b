using AppLauncher.Replicas;
using AppLauncher.Apps;
using AppLauncher.Certificates;
using AppLauncher.Settings;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AppLauncher.Acme;

/// <summary>Registers the certificate state (always, for the API) and, with <c>acme.directory</c> set, the ACME orders and renewals.</summary>
public static class AcmeServiceCollectionExtensions
{
    public static IServiceCollection AddLauncherAcme(this IServiceCollection services, LauncherSettings settings)
    {
        services.TryAddSingleton<ServedCertificates>();
        services.TryAddSingleton<Http01Challenges>();
        services.TryAddSingleton<CertificateStatuses>();
        if (settings.Config.Acme.Directory.Length == 0)
        {
            return services;
        }

        services.TryAddSingleton<AcmeAccounts>();
        services.TryAddSingleton<CertificateTargets>();
        services.TryAddSingleton<CertificateOrderer>();
        services.TryAddSingleton<CertificateExpiry>();
        services.TryAddSingleton<CertificateManager>();
        services.AddLeaderOnlyHostedService<CertificateManager>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAppLifecycleHook, AcmeLifecycleHook>());
        return services;
    }
}
