using System.Net;
using System.Text.Encodings.Web;
using AppLauncher.Core.Domains;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace AppLauncher.Proxy;

/// <summary>
/// Sends requests for <c>{app}.{domain}</c> to one of the app's endpoints through YARP's forwarder. Other hosts
/// (the control plane's own) pass through to the API and git endpoints.
/// </summary>
internal sealed partial class ProxyMiddleware(
    RequestDelegate next,
    RouteTable routes,
    DomainTable domains,
    IHttpForwarder forwarder,
    ProxyHttpClient client,
    IOptions<ProxyOptions> options,
    ILogger<ProxyMiddleware> logger)
{
    private static readonly ForwarderRequestConfig RequestConfig = new() { ActivityTimeout = TimeSpan.FromMinutes(5) };
    private int _next;

    public async Task InvokeAsync(HttpContext context)
    {
        var host = context.Request.Host.Host;
        var app = AppDomains.AppFromHost(host, options.Value.Domain) ?? domains.AppFor(host);
        if (app is null)
        {
            await next(context);
            return;
        }

        var route = routes.Find(app);
        if (route is null || route.Endpoints.Count == 0)
        {
            await NotFoundAsync(context, app, route is null);
            return;
        }

        var endpoint = Pick(route.Endpoints);
        endpoint.Enter();
        try
        {
            var error = await forwarder.SendAsync(context, endpoint.Address.ToString(), client.Invoker, RequestConfig, ForwardedHeadersTransformer.Instance);
            if (error != ForwarderError.None)
            {
                Log.ForwardFailed(logger, app, endpoint.Address, error, context.GetForwarderErrorFeature()?.Exception);
            }
        }
        finally
        {
            endpoint.Exit();
        }
    }

    /// <summary>Least outstanding requests, starting the scan at a rotating index so ties spread evenly.</summary>
    private InstanceEndpoint Pick(IReadOnlyList<InstanceEndpoint> endpoints)
    {
        if (endpoints.Count == 1)
        {
            return endpoints[0];
        }

        var start = (int)((uint)Interlocked.Increment(ref _next) % (uint)endpoints.Count);
        var best = endpoints[start];
        for (var i = 1; i < endpoints.Count; i++)
        {
            var candidate = endpoints[(start + i) % endpoints.Count];
            if (candidate.InFlight < best.InFlight)
            {
                best = candidate;
            }
        }

        return best;
    }

    private Task NotFoundAsync(HttpContext context, string app, bool unknown)
    {
        var host = HtmlEncoder.Default.Encode(context.Request.Host.Value ?? "");
        var name = HtmlEncoder.Default.Encode(app);
        var control = $"{options.Value.Scheme}://{options.Value.Domain}:{options.Value.Port}";
        var reason = unknown
            ? $"No app is deployed at <b>{host}</b>. Create it with <code>git push {control}/{name}.git main</code>."
            : $"The app <b>{name}</b> exists but has no running instance. Push to deploy it, or check <code>launcher logs {name}</code>.";
        context.Response.StatusCode = unknown ? (int)HttpStatusCode.NotFound : (int)HttpStatusCode.ServiceUnavailable;
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(
            $"<!doctype html><html><head><title>{(unknown ? "No such app" : "App not running")}</title></head>" +
            $"<body><h1>{(unknown ? "No such app" : "App not running")}</h1><p>{reason}</p></body></html>\n");
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Forwarding to {App} at {Endpoint} failed: {Error}")]
        public static partial void ForwardFailed(ILogger logger, string app, Uri endpoint, ForwarderError error, Exception? exception);
    }
}
