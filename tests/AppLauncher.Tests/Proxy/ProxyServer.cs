using System.Net.Sockets;
using System.Text;
using AppLauncher.Core.Config;
using AppLauncher.Hosting;
using AppLauncher.Proxy;
using AppLauncher.Security;
using AppLauncher.Settings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AppLauncher.Tests.Proxy;

/// <summary>
/// A real AppLauncher server on a free loopback port with one app, <c>hello</c>, routed to a real HTTP backend that
/// echoes what it was sent; requests go over a raw socket, so a test can send bytes no HTTP client would.
/// </summary>
public sealed class ProxyServer : IAsyncDisposable
{
    private readonly TempDirectory _data = new();
    private WebApplication _launcher = null!;
    private WebApplication _backend = null!;

    public int Port { get; } = LoopbackPorts.Free();

    /// <summary>The HTTPS listener's port, when the server was started with <c>tls: true</c>.</summary>
    public int TlsPort { get; } = LoopbackPorts.Free();

    public string DataDirectory => _data.Path;

    /// <summary>The local CA's root certificate (PEM).</summary>
    public string RootCertificatePath => Path.Combine(_data.Path, "tls", "local-ca.crt");

    public IServiceProvider Services => _launcher.Services;

    public RouteTable Routes => _launcher.Services.GetRequiredService<RouteTable>();

    /// <param name="tls">Serve HTTPS on <see cref="TlsPort"/> too (off otherwise, so servers in parallel tests do not share 8443).</param>
    public static async Task<ProxyServer> StartAsync(Action<PlatformConfig>? configure = null, bool tls = false)
    {
        var server = new ProxyServer();
        var config = new PlatformConfig
        {
            Server = new ServerConfig { Listen = $"http://localhost:{server.Port}" },
            Tls = tls ? new TlsConfig { Listen = $"https://localhost:{server.TlsPort}" } : new TlsConfig { Enabled = false },
            DataDirectory = server._data.Path,
        };
        configure?.Invoke(config);
        var check = new PlatformConfigValidator().Validate(config);
        Assert.True(check.IsValid, string.Join("\n", check.Errors));
        var settings = new LauncherSettings(config, "launcher.yaml", server._data.Path, server._data.Path, new AdminToken("t"), false);
        server._launcher = await LauncherApp.CreateAsync(settings);
        await server._launcher.StartAsync();

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        server._backend = builder.Build();
        server._backend.Run(context =>
        {
            var h = context.Request.Headers;
            return context.Response.WriteAsync(
                $"app host={context.Request.Host} xff={h["X-Forwarded-For"]} proto={h["X-Forwarded-Proto"]} xfhost={h["X-Forwarded-Host"]} forwarded={h["Forwarded"]}");
        });
        await server._backend.StartAsync();
        server.Routes.RouteAll("hello", "hello-00001", new InstanceEndpoint("i1", new Uri(server._backend.Urls.First() + "/")));
        return server;
    }

    /// <summary>GET <paramref name="path"/> with these header lines (each without CRLF), as raw bytes; the status and body.</summary>
    public Task<(int Status, string Body)> GetAsync(string path, params string[] headers) =>
        SendAsync(Encoding.UTF8.GetBytes($"GET {path} HTTP/1.1\r\n{string.Concat(headers.Select(h => h + "\r\n"))}Connection: close\r\n\r\n"));

    public async Task<(int Status, string Body)> SendAsync(byte[] request)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", Port, timeout.Token);
        var stream = tcp.GetStream();
        await stream.WriteAsync(request, timeout.Token);
        using var response = new MemoryStream();
        await stream.CopyToAsync(response, timeout.Token);
        var text = Encoding.UTF8.GetString(response.ToArray());
        var status = text.Length >= 12 && text.StartsWith("HTTP/1.", StringComparison.Ordinal) ? int.Parse(text[9..12]) : 0;
        var body = text.IndexOf("\r\n\r\n", StringComparison.Ordinal) is var end and >= 0 ? text[(end + 4)..] : "";
        return (status, body);
    }

    public async ValueTask DisposeAsync()
    {
        await _launcher.DisposeAsync();
        await _backend.DisposeAsync();
        _data.Dispose();
    }
}

/// <summary>One <see cref="ProxyServer"/> with the default configuration, shared by a test class.</summary>
public sealed class DefaultProxyServer : IAsyncLifetime
{
    public ProxyServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await ProxyServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
