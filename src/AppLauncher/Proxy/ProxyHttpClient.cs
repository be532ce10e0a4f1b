using System.Diagnostics;
using System.Net;
using Yarp.ReverseProxy.Forwarder;

namespace AppLauncher.Proxy;

/// <summary>The one pooled connection handler the forwarder uses to reach instances (YARP's recommended settings).</summary>
internal sealed class ProxyHttpClient : IDisposable
{
    public HttpMessageInvoker Invoker { get; } = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        EnableMultipleHttp2Connections = true,
        ActivityHeadersPropagator = new ReverseProxyPropagator(DistributedContextPropagator.Current),
        ConnectTimeout = TimeSpan.FromSeconds(15),
    });

    public void Dispose() => Invoker.Dispose();
}
