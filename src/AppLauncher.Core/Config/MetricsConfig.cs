namespace AppLauncher.Core.Config;

/// <summary>The platform's metrics: <c>GET /metrics</c> in Prometheus text format.</summary>
public sealed class MetricsConfig
{
    /// <summary>False: nothing is recorded (the proxy skips its instruments) and <c>/metrics</c> answers 404.</summary>
    public bool Enabled { get; set; } = true;
}
