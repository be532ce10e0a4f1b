using System.Net;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace AppLauncher.Proxy;

/// <summary>
/// Keeps the Host the client asked for (apps build links from it, as on Heroku and Cloud Run) and tells the app
/// who the client was with the X-Forwarded-For, -Proto and -Host headers. What a client says about itself is kept
/// only when the direct peer is a trusted proxy (<c>proxy.trustedProxies</c>): its X-Forwarded-For is appended to,
/// its -Proto and -Host passed on. From anyone else they, and <c>Forwarded</c>, are replaced by what the proxy saw,
/// so an app never takes a client's word for its address.
/// </summary>
internal sealed class ForwardedHeadersTransformer(IOptions<ProxyOptions> options) : HttpTransformer
{
    private const string For = "X-Forwarded-For";
    private const string Proto = "X-Forwarded-Proto";
    private const string ForwardedHost = "X-Forwarded-Host";

    private readonly IReadOnlyList<IPNetwork> _trusted = options.Value.TrustedProxies;

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        var request = httpContext.Request;
        proxyRequest.Headers.Host = request.Host.Value;

        var peer = httpContext.Connection.RemoteIpAddress;
        var trusted = IsTrusted(peer);
        var previous = trusted ? string.Join(", ", request.Headers[For].Where(v => !string.IsNullOrWhiteSpace(v))) : "";
        var proto = trusted && request.Headers[Proto].ToString() is { Length: > 0 } p ? p : request.Scheme;
        var host = trusted && request.Headers[ForwardedHost].ToString() is { Length: > 0 } h ? h : request.Host.Value;

        proxyRequest.Headers.Remove(For);
        proxyRequest.Headers.Remove(Proto);
        proxyRequest.Headers.Remove(ForwardedHost);
        if (!trusted)
        {
            proxyRequest.Headers.Remove("Forwarded");
        }

        if (peer is not null)
        {
            var client = (peer.IsIPv4MappedToIPv6 ? peer.MapToIPv4() : peer).ToString();
            proxyRequest.Headers.TryAddWithoutValidation(For, previous.Length > 0 ? $"{previous}, {client}" : client);
        }

        proxyRequest.Headers.TryAddWithoutValidation(Proto, proto);
        proxyRequest.Headers.TryAddWithoutValidation(ForwardedHost, host);
    }

    private bool IsTrusted(IPAddress? peer)
    {
        if (peer is null || _trusted.Count == 0)
        {
            return false;
        }

        var address = peer.IsIPv4MappedToIPv6 ? peer.MapToIPv4() : peer;
        foreach (var network in _trusted)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }
}
