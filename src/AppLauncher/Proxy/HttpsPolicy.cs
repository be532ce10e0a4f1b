using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;

namespace AppLauncher.Proxy;

/// <summary>
/// What the proxy does about HTTPS for an app's requests: a plain-HTTP request is answered with a 308 to the same URL
/// on the HTTPS listener (never the ACME HTTP-01 path, which must stay reachable over HTTP), and an HTTPS response
/// carries Strict-Transport-Security. The platform's <c>tls:</c> settings hold unless an app overrides them.
/// A request a trusted proxy forwarded with <c>X-Forwarded-Proto: https</c> counts as HTTPS (no redirect loop).
/// </summary>
public sealed class HttpsPolicy
{
    public const string AcmeChallengePath = "/.well-known/acme-challenge/";
    private readonly ConcurrentDictionary<string, AppHttpsSettings> _revisions = new(StringComparer.Ordinal);
    private readonly IOptions<ProxyOptions> options;

    public HttpsPolicy(IOptions<ProxyOptions> options, RouteTable routes)
    {
        this.options = options;
        routes.RevisionRemoved += revision => _revisions.TryRemove(revision, out _);
    }

    /// <summary>Sets a revision's own redirect and HSTS settings (null members: the platform's); forgotten when it stops being served.</summary>
    public void Set(string revision, AppHttpsSettings settings) => _revisions[revision] = settings;

    /// <summary>The settings in force for requests <paramref name="revision"/> serves (null: none picked): its own where it has them, the platform's otherwise.</summary>
    public (bool Redirect, int HstsMaxAgeSeconds) For(string? revision)
    {
        var platform = options.Value;
        var own = revision is null ? null : _revisions.GetValueOrDefault(revision);
        return (platform.HttpsPort is not null && (own?.Redirect ?? platform.Redirect), platform.HttpsPort is null ? 0 : own?.HstsMaxAgeSeconds ?? platform.HstsMaxAgeSeconds);
    }

    /// <summary>Answers the request with a 308 to HTTPS when it came over HTTP and the app redirects; true when it did.</summary>
    public bool TryRedirect(HttpContext context, string? revision, string host)
    {
        if (IsHttps(context) || !For(revision).Redirect || context.Request.Path.StartsWithSegments(AcmeChallengePath.TrimEnd('/'), StringComparison.Ordinal))
        {
            return false;
        }

        var port = options.Value.HttpsPort!.Value;
        var request = context.Request;
        var authority = port == 443 ? host : $"{host}:{port}";
        context.Response.StatusCode = StatusCodes.Status308PermanentRedirect;
        context.Response.Headers.Location = $"https://{authority}{request.PathBase}{request.Path}{request.QueryString}";
        return true;
    }

    /// <summary>On an HTTPS request, sends Strict-Transport-Security with the response (unless the app sent its own).</summary>
    public void AddHsts(HttpContext context, string revision)
    {
        var maxAge = For(revision).HstsMaxAgeSeconds;
        if (maxAge <= 0 || !IsHttps(context))
        {
            return;
        }

        var value = $"max-age={maxAge}";
        context.Response.OnStarting(() =>
        {
            if (!context.Response.Headers.ContainsKey("Strict-Transport-Security"))
            {
                context.Response.Headers.StrictTransportSecurity = value;
            }

            return Task.CompletedTask;
        });
    }

    private bool IsHttps(HttpContext context)
    {
        if (context.Request.IsHttps)
        {
            return true;
        }

        var peer = context.Connection.RemoteIpAddress;
        if (peer is null || !string.Equals(context.Request.Headers["X-Forwarded-Proto"], "https", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var address = peer.IsIPv4MappedToIPv6 ? peer.MapToIPv4() : peer;
        return options.Value.TrustedProxies.Any(n => n.Contains(address));
    }
}
