namespace AppLauncher.Core.Apps;

/// <summary>The <c>healthCheck:</c> section of an app's <c>launcher.yaml</c>.</summary>
public sealed class AppHealthCheckConfig
{
    /// <summary>HTTP path that answers 2xx/3xx when the app is ready, e.g. <c>/healthz</c>; unset: the port opening is enough.</summary>
    public string? Path { get; set; }
}
