using System.Collections.Concurrent;
using AppLauncher.Core.Domains;

namespace AppLauncher.Proxy;

/// <summary>
/// Hosts the proxy routes besides <c>{app}.{domain}</c>: verified custom domains, and names made by a non-default
/// domain template. Readers on the proxy's hot path do not lock.
/// </summary>
public sealed class DomainTable(DomainNamer namer)
{
    private readonly ConcurrentDictionary<string, string> _custom = new(StringComparer.OrdinalIgnoreCase);
    private readonly bool _defaultTemplate = namer.Template.Text == DomainTemplate.Default;

    /// <summary>The app <paramref name="host"/> (no port; one trailing dot is the same host) belongs to, or null.</summary>
    public string? AppFor(string host)
    {
        if (host.EndsWith('.'))
        {
            host = host[..^1];
        }

        if (_custom.TryGetValue(host, out var app))
        {
            return app;
        }

        return _defaultTemplate ? null : namer.Template.AppFrom(host, namer.Domain);
    }

    /// <summary>Routes a verified custom domain to its app.</summary>
    public void Set(string host, string app) => _custom[CustomDomainName.Normalize(host)] = app;

    public void Remove(string host) => _custom.TryRemove(CustomDomainName.Normalize(host), out _);

    /// <summary>Forgets every custom domain of a deleted app.</summary>
    public void RemoveApp(string app)
    {
        foreach (var (host, owner) in _custom)
        {
            if (owner == app)
            {
                _custom.TryRemove(host, out _);
            }
        }
    }
}
