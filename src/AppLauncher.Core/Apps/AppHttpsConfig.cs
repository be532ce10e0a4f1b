namespace AppLauncher.Core.Apps;

/// <summary>The app's <c>https:</c> section: its own redirect and HSTS; an absent field keeps the platform's <c>tls:</c> setting.</summary>
public sealed class AppHttpsConfig
{
    /// <summary>Plain-HTTP requests get a 308 to HTTPS (<c>tls.redirect</c> when absent).</summary>
    public bool? Redirect { get; set; }

    /// <summary>Strict-Transport-Security max-age in seconds on HTTPS responses, 0 for none (<c>tls.hstsMaxAgeSeconds</c> when absent).</summary>
    public int? HstsMaxAgeSeconds { get; set; }
}
