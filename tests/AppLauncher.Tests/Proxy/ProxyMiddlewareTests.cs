using System.Net;
using System.Net.Sockets;
using AppLauncher.Core.Config;
using AppLauncher.Core.Traffic;
using AppLauncher.Hosting;
using AppLauncher.Settings;
using AppLauncher.Proxy;
using AppLauncher.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AppLauncher.Tests.Proxy;

/// <summary>The proxy in a real AppLauncher server, forwarding to real HTTP backends on loopback (no Docker needed).</summary>
public sealed class ProxyMiddlewareTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private readonly List<WebApplication> _backends = [];
    private readonly HttpClient _http = new();
    private WebApplication _launcher = null!;
    private int _port;

    public async Task InitializeAsync()
    {
        _port = LoopbackPorts.Free();
        var config = new PlatformConfig { Server = new ServerConfig { Listen = $"http://localhost:{_port}" }, Tls = new TlsConfig { Enabled = false }, DataDirectory = _data.Path };
        var settings = new LauncherSettings(config, "launcher.yaml", _data.Path, _data.Path, new AdminToken("t"), false);
        _launcher = await LauncherApp.CreateAsync(settings);
        await _launcher.StartAsync();
    }

    private async Task<Uri> BackendAsync(string name, TaskCompletionSource? gate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Run(async context =>
        {
            if (gate is not null)
            {
                await gate.Task;
            }

            using var body = new StreamReader(context.Request.Body);
            var text = await body.ReadToEndAsync();
            await context.Response.WriteAsync(
                $"{name} {context.Request.Method} {context.Request.Path}{context.Request.QueryString} host={context.Request.Host} " +
                $"xff={context.Request.Headers["X-Forwarded-For"]} proto={context.Request.Headers["X-Forwarded-Proto"]} body={text}");
        });
        await app.StartAsync();
        _backends.Add(app);
        return new Uri(app.Urls.First() + "/");
    }

    private RouteTable Routes => _launcher.Services.GetRequiredService<RouteTable>();

    private Task<HttpResponseMessage> SendAsync(string app, HttpMethod method, string path, string? body = null) =>
        _http.SendAsync(new HttpRequestMessage(method, $"http://{app}.localhost:{_port}{path}") { Content = body is null ? null : new StringContent(body) });

    [Fact]
    public async Task Request_ForAnAppHost_IsForwardedWithMethodPathQueryBodyAndHost()
    {
        Routes.RouteAll("hello", "hello-00001", new InstanceEndpoint("i1", await BackendAsync("one")));

        using var response = await SendAsync("hello", HttpMethod.Post, "/orders/7?x=1", "payload");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith($"one POST /orders/7?x=1 host=hello.localhost:{_port} ", text);
        Assert.Contains("proto=http", text);
        Assert.Matches(@"xff=(127\.0\.0\.1|::1) ", text);
        Assert.EndsWith("body=payload", text);
    }

    [Fact]
    public async Task Request_AfterRouteChange_GoesToTheNewRevision()
    {
        Routes.RouteAll("hello", "hello-00001", new InstanceEndpoint("i1", await BackendAsync("one")));
        Routes.RouteAll("hello", "hello-00002", new InstanceEndpoint("i2", await BackendAsync("two")));

        using var response = await SendAsync("hello", HttpMethod.Get, "/");

        Assert.StartsWith("two GET /", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Request_WhileOneInstanceIsBusy_GoesToTheLeastLoaded()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = new InstanceEndpoint("slow", await BackendAsync("slow", gate));
        var fast = new InstanceEndpoint("fast", await BackendAsync("fast"));
        Routes.RouteAll("hello", "hello-00001", slow, fast);

        // One request held on the slow instance. Each step waits for the proxy's bookkeeping to settle (a response
        // can reach the client a moment before its request stops counting as in flight), so every pick is decided.
        var held = new List<Task<HttpResponseMessage>>();
        while (slow.InFlight == 0)
        {
            var request = SendAsync("hello", HttpMethod.Get, "/held");
            held.Add(request);
            await Until(() => slow.InFlight == 1 || (request.IsCompleted && fast.InFlight == 0));
        }

        var answers = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            using var response = await SendAsync("hello", HttpMethod.Get, "/").WaitAsync(TimeSpan.FromSeconds(10));
            answers.Add(await response.Content.ReadAsStringAsync());
            await Until(() => fast.InFlight == 0);
        }

        gate.SetResult();
        await Task.WhenAll(held);
        Assert.All(answers, a => Assert.StartsWith("fast ", a));
        Assert.Equal(0, slow.InFlight);
        Assert.Equal(0, fast.InFlight);
    }

    private static async Task Until(Func<bool> condition)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), "condition not met in 10 s");
            await Task.Delay(5);
        }
    }

    [Fact]
    public async Task Request_ForAnUnknownApp_Gets404PageNamingTheHost()
    {
        using var response = await SendAsync("nobody", HttpMethod.Get, "/");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains($"No app is deployed at <b>nobody.localhost:{_port}</b>", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Request_ForTheControlPlaneHost_IsNotProxied()
    {
        // An app that answers every path, so only the host can keep a request from it.
        Routes.RouteAll("hello", "hello-00001", new InstanceEndpoint("i1", await BackendAsync("app")));

        using var appHealth = await SendAsync("hello", HttpMethod.Get, "/healthz");
        using var health = await _http.GetAsync($"http://localhost:{_port}/healthz");
        using var byAddress = await _http.GetAsync($"http://127.0.0.1:{_port}/healthz");
        using var api = await _http.GetAsync($"http://localhost:{_port}/api/apps");

        Assert.StartsWith($"app GET /healthz host=hello.localhost:{_port} ", await appHealth.Content.ReadAsStringAsync());
        Assert.Equal("ok\n", await health.Content.ReadAsStringAsync());
        Assert.Equal("ok\n", await byAddress.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode); // the control plane's token check, not the app's answer
        Assert.DoesNotContain("app GET", await api.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Request_WhenTheInstanceIsGone_Gets502()
    {
        Routes.RouteAll("hello", "hello-00001", new InstanceEndpoint("gone", new Uri($"http://127.0.0.1:{LoopbackPorts.Free()}/")));

        using var response = await SendAsync("hello", HttpMethod.Get, "/");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
    }

    [Fact]
    public async Task Request_WithA90To10Split_GoesToEachRevisionByItsShareExactly()
    {
        Routes.SetRevision(new RevisionRoute("hello", "hello-00006", [new InstanceEndpoint("i6", await BackendAsync("six"))]));
        Routes.SetRevision(new RevisionRoute("hello", "hello-00007", [new InstanceEndpoint("i7", await BackendAsync("seven"))]));
        Routes.SetTraffic("hello", new TrafficPlan { Targets = [new TrafficTarget { Revision = "hello-00006", Percent = 90 }, new TrafficTarget { Revision = "hello-00007", Percent = 10 }] }.Resolve(null));

        var answers = new List<string>();
        for (var i = 0; i < 1000; i++)
        {
            using var response = await SendAsync("hello", HttpMethod.Get, "/");
            answers.Add((await response.Content.ReadAsStringAsync()).Split(' ')[0]);
        }

        Assert.Equal(900, answers.Count(a => a == "six"));
        Assert.Equal(100, answers.Count(a => a == "seven"));
    }

    [Fact]
    public async Task Request_ForATagHost_GoesToTheTaggedRevisionOnly()
    {
        Routes.SetRevision(new RevisionRoute("hello", "hello-00001", [new InstanceEndpoint("i1", await BackendAsync("one"))]));
        Routes.SetRevision(new RevisionRoute("hello", "hello-00002", [new InstanceEndpoint("i2", await BackendAsync("two"))]));
        Routes.SetTraffic("hello", TrafficPlan.Default.WithTag("candidate", "hello-00002").Resolve("hello-00001"));

        using var tagged = await SendAsync("candidate-hello", HttpMethod.Get, "/");
        using var main = await SendAsync("hello", HttpMethod.Get, "/");
        using var unknownTag = await SendAsync("other-hello", HttpMethod.Get, "/");

        Assert.StartsWith("two GET / host=candidate-hello.localhost", await tagged.Content.ReadAsStringAsync());
        Assert.StartsWith("one GET /", await main.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, unknownTag.StatusCode);
    }

    [Fact]
    public async Task Request_ForAnAppWhoseNameLooksLikeATagHost_GoesToThatApp()
    {
        Routes.RouteAll("hello", "hello-00001", new InstanceEndpoint("i1", await BackendAsync("one")));
        Routes.SetTraffic("hello", TrafficPlan.Default.WithTag("beta", "hello-00001").Resolve("hello-00001"));
        Routes.RouteAll("beta-hello", "beta-hello-00001", new InstanceEndpoint("b1", await BackendAsync("other-app")));

        using var response = await SendAsync("beta-hello", HttpMethod.Get, "/");

        Assert.StartsWith("other-app ", await response.Content.ReadAsStringAsync());
    }

    public async Task DisposeAsync()
    {
        foreach (var backend in _backends)
        {
            await backend.DisposeAsync();
        }

        await _launcher.DisposeAsync();
        _http.Dispose();
        _data.Dispose();
    }

}
