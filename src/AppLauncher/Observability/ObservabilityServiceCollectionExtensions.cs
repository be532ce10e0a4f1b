using AppLauncher.Replicas;
using System.Diagnostics.Metrics;
using AppLauncher.Core.Config;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace AppLauncher.Observability;

/// <summary>
/// Registers the instruments every stage records on, the platform event publisher, and (unless
/// <c>metrics.enabled: false</c>) the OpenTelemetry SDK with its Prometheus exporter, the server's process and
/// runtime metrics included.
/// </summary>
public static class ObservabilityServiceCollectionExtensions
{
    /// <summary>The scrape path on the control plane.</summary>
    public const string MetricsPath = "/metrics";

    public static IServiceCollection AddLauncherObservability(this IServiceCollection services, PlatformConfig config)
    {
        services.AddMetrics();
        services.TryAddSingleton(new MetricsSettings(config.Metrics.Enabled));
        services.TryAddSingleton<ProxyMetrics>();
        services.TryAddSingleton<AutoscalerMetrics>();
        services.TryAddSingleton<DeliveryMetrics>();
        services.TryAddSingleton<GaugeRegistry>();
        services.TryAddSingleton<PlatformEvents>();
        services.TryAddSingleton<Alerts.AlertNotifier>();
        services.TryAddSingleton<Alerts.AlertEvaluator>();
        services.AddHostedService(sp => sp.GetRequiredService<Alerts.AlertNotifier>());
        services.AddLeaderOnlyHostedService<Alerts.AlertEvaluator>();
        if (config.Metrics.Enabled)
        {
            services.AddOpenTelemetry()
                .ConfigureResource(resource => resource.AddService("applauncher"))
                .WithMetrics(metrics => metrics
                .AddMeter(MeterNames.Prefix + "*")
                .AddRuntimeInstrumentation()
                .AddProcessInstrumentation()
                .AddPrometheusExporter(o =>
                {
                    // Every scrape sees the counts of that moment: Prometheus scrapes seldom, and tests count exactly.
                    o.ScrapeResponseCacheDurationMilliseconds = 0;
                    o.ScrapeEndpointPath = MetricsPath;
                })
                .OwnInstrumentsOnly());
        }

        return services;
    }

    /// <summary>
    /// Only this host's instruments: a second server in the process (tests run several) has meters of the same names,
    /// and the SDK would keep whichever it saw first and drop the other as a duplicate.
    /// </summary>
    private static MeterProviderBuilder OwnInstrumentsOnly(this MeterProviderBuilder metrics)
    {
        if (metrics is IDeferredMeterProviderBuilder deferred)
        {
            deferred.Configure((provider, builder) =>
            {
                var own = provider.GetRequiredService<IMeterFactory>();
                builder.AddView(instrument => instrument.Meter.Name.StartsWith(MeterNames.Prefix, StringComparison.Ordinal) && !ReferenceEquals(instrument.Meter.Scope, own)
                    ? MetricStreamConfiguration.Drop
                    : null);
            });
        }

        return metrics;
    }
}
