namespace AppLauncher.Core.Config;

/// <summary>The <c>tls:</c> section of <c>launcher.yaml</c>: the HTTPS listener, HTTP → HTTPS redirects and HSTS.</summary>
public sealed class TlsConfig
{
    /// <summary>Serves HTTPS besides HTTP, with certificates from ACME or AppLauncher's local CA. On by default.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The HTTPS listener (same pipeline as <c>server.listen</c>). <c>localhost</c> binds 127.0.0.1 and ::1.</summary>
    public string Listen { get; set; } = "https://localhost:8443";

    /// <summary>Answers plain-HTTP requests to apps with a 308 to HTTPS (never the ACME HTTP-01 path, never the control plane).</summary>
    public bool Redirect { get; set; } = true;

    /// <summary>Strict-Transport-Security max-age, in seconds, on the apps' HTTPS responses; 0 sends no header.</summary>
    public int HstsMaxAgeSeconds { get; set; } = 86400;
}
