using Yarp.ReverseProxy.Forwarder;

namespace AppLauncher.Proxy;

/// <summary>
/// Keeps the Host the client asked for (apps build links from it, as on Heroku and Cloud Run) and tells the app
/// who the client was with the X-Forwarded-For, -Proto and -Host headers.
/// </summary>
internal sealed class ForwardedHeadersTransformer : HttpTransformer
{
    public static ForwardedHeadersTransformer Instance { get; } = new();

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        var request = httpContext.Request;
        proxyRequest.Headers.Host = request.Host.Value;

        var client = httpContext.Connection.RemoteIpAddress?.ToString();
        var previous = request.Headers["X-Forwarded-For"].ToString();
        proxyRequest.Headers.Remove("X-Forwarded-For");
        if (client is not null)
        {
            proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-For", previous.Length > 0 ? $"{previous}, {client}" : client);
        }

        proxyRequest.Headers.Remove("X-Forwarded-Proto");
        proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-Proto", request.Scheme);
        proxyRequest.Headers.Remove("X-Forwarded-Host");
        proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-Host", request.Host.Value);
    }
}
