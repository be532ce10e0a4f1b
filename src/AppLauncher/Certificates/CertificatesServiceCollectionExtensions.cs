using System.Net;
using AppLauncher.Security;
using AppLauncher.Settings;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AppLauncher.Certificates;

/// <summary>Registers what the TLS listener serves: the SNI registry, the local CA and its leaves, and the selector.</summary>
public static class CertificatesServiceCollectionExtensions
{
    public static IServiceCollection AddLauncherCertificates(this IServiceCollection services, LauncherSettings settings)
    {
        services.TryAddSingleton<ServedCertificates>();
        services.TryAddSingleton(sp => LocalCertificateAuthority.LoadOrCreate(
            settings.TlsDirectory, new SecretBox(Path.Combine(settings.DataDirectory, SecretBox.KeyFileName)), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp =>
        {
            var (names, addresses) = ControlPlaneNames(settings);
            return new LocalLeafCertificates(sp.GetRequiredService<LocalCertificateAuthority>(), sp.GetRequiredService<TimeProvider>(), names, addresses);
        });
        services.TryAddSingleton<TlsCertificateSelector>();
        return services;
    }

    /// <summary>The names the control plane answers on: localhost, the platform domain and the listeners' own hosts.</summary>
    public static (IReadOnlyList<string> Names, IReadOnlyList<IPAddress> Addresses) ControlPlaneNames(LauncherSettings settings)
    {
        var names = new List<string> { "localhost" };
        var addresses = new List<IPAddress> { IPAddress.Loopback, IPAddress.IPv6Loopback };
        foreach (var host in new[] { settings.Config.Domain, settings.Listen.Host, settings.TlsListen?.Host ?? "localhost" })
        {
            var bare = host.Trim('[', ']');
            if (IPAddress.TryParse(bare, out var ip))
            {
                if (!ip.Equals(IPAddress.Any) && !ip.Equals(IPAddress.IPv6Any) && !addresses.Contains(ip))
                {
                    addresses.Add(ip);
                }
            }
            else if (!names.Contains(host, StringComparer.OrdinalIgnoreCase))
            {
                names.Add(host.ToLowerInvariant());
            }
        }

        return (names, addresses);
    }
}
