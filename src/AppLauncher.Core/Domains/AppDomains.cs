namespace AppLauncher.Core.Domains;

/// <summary>Naming of app domains and URLs from the platform's base domain.</summary>
public static class AppDomains
{
    /// <summary>The host name an app answers on: <c>{app}.{domain}</c>.</summary>
    public static string HostFor(string app, string domain) => $"{app}.{domain}";

    /// <summary>The app's public URL, given the scheme and port the proxy listens on.</summary>
    public static string UrlFor(string app, string domain, string scheme, int port) => UrlForHost(HostFor(app, domain), scheme, port);

    /// <summary>The URL of a host (an app's, from <see cref="DomainNamer.HostFor"/>), given the proxy's scheme and port.</summary>
    public static string UrlForHost(string host, string scheme, int port)
    {
        var defaultPort = scheme == "https" ? 443 : 80;
        var portPart = port == defaultPort ? "" : $":{port}";
        return $"{scheme}://{host}{portPart}";
    }

    /// <summary>
    /// The app a request's Host header names, or null when the host is not <c>{label}.{domain}</c>.
    /// The port, if any, must already be stripped; comparison ignores case, and one trailing dot (the absolute form,
    /// <c>hello.localhost.</c>) names the same host.
    /// </summary>
    public static string? AppFromHost(string host, string domain)
    {
        if (host.EndsWith('.'))
        {
            host = host[..^1];
        }

        domain = domain.TrimEnd('.');
        if (host.Length <= domain.Length + 1 || !host.EndsWith(domain, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var dot = host.Length - domain.Length - 1;
        if (host[dot] != '.')
        {
            return null;
        }

        var label = host[..dot];
        return label.Contains('.', StringComparison.Ordinal) ? null : label.ToLowerInvariant();
    }
}
