namespace AppLauncher.Proxy;

/// <summary>How the proxy tells app traffic from control-plane traffic.</summary>
public sealed class ProxyOptions
{
    /// <summary>Base domain: requests for <c>{app}.{Domain}</c> go to the app.</summary>
    public string Domain { get; set; } = "localhost";

    /// <summary>Public scheme and port of the listener, for the URLs shown to users.</summary>
    public string Scheme { get; set; } = "http";

    public int Port { get; set; } = 8080;

    /// <summary>Direct peers whose X-Forwarded-* headers are kept (<c>proxy.trustedProxies</c>); empty: none.</summary>
    public IReadOnlyList<System.Net.IPNetwork> TrustedProxies { get; set; } = [];
}
