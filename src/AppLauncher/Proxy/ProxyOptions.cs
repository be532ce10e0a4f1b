namespace AppLauncher.Proxy;

/// <summary>How the proxy tells app traffic from control-plane traffic.</summary>
public sealed class ProxyOptions
{
    /// <summary>Base domain: requests for <c>{app}.{Domain}</c> go to the app.</summary>
    public string Domain { get; set; } = "localhost";

    /// <summary>Public scheme and port of the listener, for the URLs shown to users.</summary>
    public string Scheme { get; set; } = "http";

    public int Port { get; set; } = 8080;

    /// <summary>The HTTPS listener's port for redirects; null when TLS is off (no redirect, no HSTS).</summary>
    public int? HttpsPort { get; set; }

    /// <summary>Plain-HTTP requests to apps get a 308 to HTTPS (<c>tls.redirect</c>).</summary>
    public bool Redirect { get; set; } = true;

    /// <summary>Strict-Transport-Security max-age on apps' HTTPS responses; 0: none (<c>tls.hstsMaxAgeSeconds</c>).</summary>
    public int HstsMaxAgeSeconds { get; set; } = 86400;

    /// <summary>Direct peers whose X-Forwarded-* headers are kept (<c>proxy.trustedProxies</c>); empty: none.</summary>
    public IReadOnlyList<System.Net.IPNetwork> TrustedProxies { get; set; } = [];
}
