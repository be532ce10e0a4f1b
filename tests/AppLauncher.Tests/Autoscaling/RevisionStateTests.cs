using AppLauncher.Apps;
using AppLauncher.Autoscaling;
using AppLauncher.Core.Config;
using AppLauncher.Hosting;
using AppLauncher.Proxy;
using AppLauncher.Release;
using AppLauncher.Runtime;
using AppLauncher.Security;
using AppLauncher.Settings;
using AppLauncher.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AppLauncher.Tests.Autoscaling;

/// <summary>
/// Per-revision state (autoscaler deciders and status, metric windows, traffic counters, activation queues, start
/// counts) goes with the revision: a real server, a real proxy and a real HTTP backend on loopback, with an in-memory
/// runtime standing in for Docker so that 200 releases take seconds.
/// </summary>
public sealed class RevisionStateTests : IAsyncLifetime
{
    private const int Deploys = 200;
    private readonly TempDirectory _data = new();
    private readonly HttpClient _http = new();
    private readonly InMemoryRuntime _runtime = new();
    private WebApplication _backend = null!;
    private WebApplication _launcher = null!;
    private int _port;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _backend = builder.Build();
        _backend.Run(context => context.Response.WriteAsync("ok"));
        await _backend.StartAsync();
        _runtime.Endpoint = new Uri(_backend.Urls.First() + "/");

        _port = LoopbackPorts.Free();
        var config = new PlatformConfig { Server = new ServerConfig { Listen = $"http://localhost:{_port}" }, Tls = new TlsConfig { Enabled = false }, DataDirectory = _data.Path };
        var settings = new LauncherSettings(config, "launcher.yaml", _data.Path, _data.Path, new AdminToken("t"), false);
        _launcher = await LauncherApp.CreateAsync(settings, configure: s => s.AddSingleton<IRuntime>(_runtime));
        await _launcher.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _launcher.StopAsync();
        await _launcher.DisposeAsync();
        await _backend.DisposeAsync();
        _http.Dispose();
        _data.Dispose();
    }

    private T Get<T>() where T : notnull => _launcher.Services.GetRequiredService<T>();

    [Fact]
    public async Task Deploys_TwoHundredOfOneApp_OnlyTheServedRevisionKeepsState()
    {
        var store = Get<IStore>();
        Assert.True(await Get<AppLifecycle>().EnsureCreatedAsync("hello", CancellationToken.None));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string latest = "";
        for (var i = 0; i < Deploys; i++)
        {
            var revision = await store.AddRevisionAsync("hello", "launcher/hello:x", "sha256:1", $"c{i}", "node", DateTimeOffset.UtcNow, CancellationToken.None);
            using (await Get<AppLocks>().AcquireAsync("hello", () => Task.CompletedTask, CancellationToken.None))
            {
                await Get<TrafficService>().PromoteAsync(revision, 1, _ => Task.CompletedTask, CancellationToken.None);
            }

            latest = revision.Name;
            // A request through the proxy gives the revision traffic counters; every 25 releases, the autoscaler and the
            // metric collector get a tick to keep their own state for what is served now.
            using var response = await _http.GetAsync($"http://hello.localhost:{_port}/");
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            if (i % 25 == 0)
            {
                await Task.Delay(AutoscalerService.Tick + TimeSpan.FromMilliseconds(500));
            }

            seen.UnionWith(Get<TrafficRegistry>().Revisions);
            seen.UnionWith(Get<AutoscalerService>().RevisionsWithState());
        }

        await Task.Delay(AutoscalerService.Tick + TimeSpan.FromMilliseconds(500));

        // The registries did hold state for many revisions along the way (the test exercises them)…
        Assert.True(seen.Count >= Deploys, $"state was seen for {seen.Count} revisions only");
        Assert.Contains(latest, Get<AutoscalerService>().RevisionsWithState());
        // …and now only for the one that serves.
        Assert.Equal([latest], Get<AutoscalerService>().RevisionsWithState().Order());
        Assert.Equal([latest], Get<TrafficRegistry>().Revisions);
        Assert.Equal([latest], Get<MetricsCollector>().Revisions);
        Assert.All(Get<AppActivator>().Revisions, r => Assert.Equal(latest, r));
        Assert.Equal([latest], Get<RouteTable>().OfApp("hello").Select(r => r.Revision));
    }
}
