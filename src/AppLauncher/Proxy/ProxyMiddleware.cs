using System.Net;
using System.Text.Encodings.Web;
using AppLauncher.Core.Domains;
using AppLauncher.Observability;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace AppLauncher.Proxy;

/// <summary>
/// Sends requests for <c>{app}.{domain}</c> (and custom domains) to a revision picked by the app's traffic split, and
/// requests for <c>{tag}-{app}.{domain}</c> to the tagged revision; then to one of that revision's endpoints through
/// YARP's forwarder (held by the activator while the revision is at zero). Other hosts (the control plane's own)
/// pass through to the API and git endpoints.
/// </summary>
internal sealed partial class ProxyMiddleware(
    RequestDelegate next,
    RouteTable routes,
    AppActivator activator,
    TrafficRegistry traffic,
    TimeProvider time,
    DomainTable domains,
    TeamDomainSet teamDomains,
    IHttpForwarder forwarder,
    ProxyHttpClient client,
    ForwardedHeadersTransformer transformer,
    HttpsPolicy https,
    ProxyMetrics metrics,
    IOptions<ProxyOptions> options,
    ILogger<ProxyMiddleware> logger)
{
    /// <summary>How often a request an instance did not take is sent (the first try included), and the wait before the next, growing each time.</summary>
    private const int MaxAttempts = 4;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(100);

    private static readonly ForwarderRequestConfig RequestConfig = new() { ActivityTimeout = TimeSpan.FromMinutes(5) };
    private int _next;

    public async Task InvokeAsync(HttpContext context)
    {
        // Before any lookup: a Host that is no DNS name (too long, empty labels, odd characters) names nothing here.
        var checkedHost = RequestHost.Check(context.Request.Host.Host);
        if (checkedHost.Host is not { } host)
        {
            await BadHostAsync(context, checkedHost.Error!);
            return;
        }

        // {app}.{team}.{domain} names the app only when its team opted in to team domains and the app belongs to it;
        // any other name of that shape is a 404 ("{app}.{team}" is no app's name). {app}.{domain} keeps routing after
        // a team opts in, so clients can move to the new name without downtime.
        var target = AppDomains.AppFromHost(host, options.Value.Domain) is { } label
            ? routes.Resolve(label) ?? (label, null)
            : domains.AppFor(host) is { } custom ? (custom, null)
            : teamDomains.ParseTeamHost(host) is var (teamApp, team) ? (teamDomains.AppForTeamHost(host) ?? $"{teamApp}.{team}", null)
            : ((string App, string? Tag)?)null;
        if (target is not var (app, tag))
        {
            await next(context);
            return;
        }

        // A traffic change swaps the split first and unroutes old revisions after: a pick from the old split may
        // name a revision that just left, so pick again from the new one.
        AppRouting? routing = null;
        RevisionRoute? route = null;
        for (var attempt = 0; attempt < 3 && route is null; attempt++)
        {
            routing = routes.FindApp(app);
            if ((tag is null ? routing?.PickRevision() : routing?.TaggedRevision(tag)) is not { } picked)
            {
                break;
            }

            route = routes.Find(picked);
        }

        // Known apps only: a name that routes nowhere gets the 404 page where it asked, not a redirect to a certificate it lacks.
        if (routing is not null && https.TryRedirect(context, route?.Revision, host))
        {
            return;
        }

        if (route is null)
        {
            await (routing is { NoWeb: true } && tag is null ? NoWebAsync(context, app) : NotFoundAsync(context, app, routing is null));
            return;
        }

        https.AddHsts(context, route.Revision);

        var revision = route.Revision;

        var revisionTraffic = traffic.For(revision);
        var measured = metrics.Enabled ? metrics.For(app, revision) : null;
        var started = time.GetTimestamp();
        revisionTraffic.Begin();
        measured?.Begin();
        try
        {
            var ready = route.Endpoints.Count > 0 ? route : await ActivateAsync(context, route, measured);
            for (var attempt = 1; ready is not null; attempt++)
            {
                var error = await ForwardAsync(context, app, ready);
                if (attempt >= MaxAttempts || !Retryable(context, error))
                {
                    break;
                }

                // The instance never answered (it crashed, or was killed, and the supervisor is taking it out of the
                // route now): send the request again, held by the activator like a cold start if none is left.
                context.Response.Clear();
                context.Features.Set<IForwarderErrorFeature>(null);
                await Task.Delay(RetryDelay * attempt, time, context.RequestAborted);
                ready = routes.Find(revision) is { } again ? again.Endpoints.Count > 0 ? again : await ActivateAsync(context, again, measured) : null;
            }
        }
        finally
        {
            var elapsed = time.GetElapsedTime(started);
            revisionTraffic.End(elapsed);
            if (measured is not null)
            {
                metrics.Record(measured, context.Request.Method, context.Response.StatusCode, elapsed,
                    context.Request.ContentLength ?? 0, context.Response.ContentLength ?? 0);
            }
        }
    }

    /// <summary>Holds the request until an instance of the revision is ready; null when the request was answered with 503.</summary>
    private async Task<RevisionRoute?> ActivateAsync(HttpContext context, RevisionRoute route, RouteMetrics? measured)
    {
        var (app, revision) = (route.App, route.Revision);
        ActivationResult result;
        measured?.HoldBegin();
        try
        {
            result = await activator.WaitAsync(app, revision, context.RequestAborted);
        }
        finally
        {
            measured?.HoldEnd();
        }

        if (result == ActivationResult.Overflow)
        {
            measured?.Overflowed();
        }
        else if (result == ActivationResult.TimedOut)
        {
            measured?.TimedOut();
        }

        var ready = routes.Find(revision);
        if (result == ActivationResult.Ready && ready is { Endpoints.Count: > 0 })
        {
            context.Response.OnStarting(() =>
            {
                context.Response.Headers["X-Launcher-Cold-Start"] = "true";
                return Task.CompletedTask;
            });
            return ready;
        }

        var why = result == ActivationResult.Overflow
            ? $"{app} is starting and already holds the most requests it may hold while it does. Retry in a moment."
            : $"{app} ({revision}) did not get a ready instance in time. Retry in a moment; if it persists, check 'launcher logs {app}'.";
        Log.ActivationFailed(logger, app, result);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = result == ActivationResult.Overflow ? "1" : "5";
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync($"503 Service Unavailable: {why}\n");
        return null;
    }

    /// <summary>
    /// A request the instance did not take (no connection, or it closed before answering), which can be sent again as
    /// it was: nothing has been answered yet, the method is idempotent and there is no body that has been read.
    /// </summary>
    private static bool Retryable(HttpContext context, ForwarderError error) =>
        error == ForwarderError.Request
        && !context.Response.HasStarted
        && !context.RequestAborted.IsCancellationRequested
        && (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method))
        && context.Request.ContentLength is null or 0
        && !context.Request.Headers.ContainsKey("Transfer-Encoding");

    private async Task<ForwarderError> ForwardAsync(HttpContext context, string app, RevisionRoute route)
    {
        var endpoint = Pick(route.Endpoints);
        endpoint.Enter();
        try
        {
            var error = await forwarder.SendAsync(context, endpoint.Address.ToString(), client.Invoker, RequestConfig, transformer);
            if (error != ForwarderError.None)
            {
                Log.ForwardFailed(logger, app, endpoint.Address, error, context.GetForwarderErrorFeature()?.Exception);
            }

            return error;
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

    private Task BadHostAsync(HttpContext context, string error)
    {
        Log.BadHost(logger, context.Connection.RemoteIpAddress, error);
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers.Connection = "close";
        return context.Response.WriteAsync($"400 Bad Request: {error}.\n");
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

    /// <summary>An app that runs only workers: nothing listens for its host, and waiting will not change that.</summary>
    private static Task NoWebAsync(HttpContext context, string app)
    {
        var name = HtmlEncoder.Default.Encode(app);
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers["X-Launcher-No-Web"] = "true";
        return context.Response.WriteAsync(
            "<!doctype html><html><head><title>No web process</title></head>" +
            $"<body><h1>No web process</h1><p>The app <b>{name}</b> has no web process: its Procfile runs only workers, so nothing answers HTTP here. " +
            $"Add a <code>web:</code> line to its Procfile (or <code>start:</code> to its launcher.yaml) and push to give it one; " +
            $"<code>launcher ps {name}</code> shows what it runs.</p></body></html>\n");
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Forwarding to {App} at {Endpoint} failed: {Error}")]
        public static partial void ForwardFailed(ILogger logger, string app, Uri endpoint, ForwarderError error, Exception? exception);

        [LoggerMessage(2, LogLevel.Warning, "Held request for {App} answered 503: {Result}")]
        public static partial void ActivationFailed(ILogger logger, string app, ActivationResult result);

        [LoggerMessage(3, LogLevel.Debug, "Refused a request from {Peer}: {Error}")]
        public static partial void BadHost(ILogger logger, IPAddress? peer, string error);
    }
}
