namespace AppLauncher.Observability;

/// <summary>
/// The meters AppLauncher records on, one per area: the exporter subscribes to every <c>AppLauncher.*</c> meter, and
/// the alert evaluator listens to the proxy's. Instrument names are in each area's <c>*Metrics</c> class.
/// </summary>
public static class MeterNames
{
    public const string Prefix = "AppLauncher.";
    public const string Proxy = "AppLauncher.Proxy";
    public const string Autoscaling = "AppLauncher.Autoscaling";
    public const string Delivery = "AppLauncher.Delivery";
    public const string Domains = "AppLauncher.Domains";
    public const string Platform = "AppLauncher.Platform";
}
