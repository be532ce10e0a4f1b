using AppLauncher.Apps;
using AppLauncher.Autoscaling;
using AppLauncher.Core.Autoscaling;
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
/// The platform-wide instance cap holds across apps: the scaler never starts past it, whether asked directly by
/// several revisions at once or by the autoscaler's own decisions. A real server with an in-memory runtime.
/// </summary>
public sealed class PlatformCapTests : IAsyncLifetime
{
    private const int Cap = 5;
    private readonly TempDirectory _data = new();
    private readonly InMemoryRuntime _runtime = new();
    private WebApplication _backend = null!;
    private WebApplication _launcher = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _backend = builder.Build();
        _backend.Run(context => context.Response.WriteAsync("ok"));
        await _backend.StartAsync();
        _runtime.Endpoint = new Uri(_backend.Urls.First() + "/");

        var config = new PlatformConfig
        {
            Server = new ServerConfig { Listen = $"http://localhost:{LoopbackPorts.Free()}" },
            Tls = new TlsConfig { Enabled = false },
            DataDirectory = _data.Path,
            Autoscaling = new AutoscalingConfig { PlatformMaxInstances = Cap, MaxInstancesPerApp = 10 },
        };
        var settings = new LauncherSettings(config, "launcher.yaml", _data.Path, _data.Path, new AdminToken("t"), false);
        _launcher = await LauncherApp.CreateAsync(settings, configure: s => s.AddSingleton<IRuntime>(_runtime));
        await _launcher.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _launcher.StopAsync();
        await _launcher.DisposeAsync();
        await _backend.DisposeAsync();
        _data.Dispose();
    }

    private T Get<T>() where T : notnull => _launcher.Services.GetRequiredService<T>();

    private async Task<RevisionRecord> DeployAsync(string app)
    {
        Assert.True(await Get<AppLifecycle>().EnsureCreatedAsync(app, CancellationToken.None));
        var revision = await Get<IStore>().AddRevisionAsync(app, $"launcher/{app}:x", "sha256:1", "c1", "node", DateTimeOffset.UtcNow, CancellationToken.None);
        using (await Get<AppLocks>().AcquireAsync(app, () => Task.CompletedTask, CancellationToken.None))
        {
            await Get<TrafficService>().PromoteAsync(revision, 1, _ => Task.CompletedTask, CancellationToken.None);
        }

        return revision;
    }

    [Fact]
    public async Task ScaleAsync_ThreeAppsAskingFourEachAtOnce_NeverPassesThePlatformCap()
    {
        var revisions = await Task.WhenAll(DeployAsync("one"), DeployAsync("two"), DeployAsync("three"));
        var scaler = Get<InstanceScaler>();

        await Task.WhenAll(revisions.Select(r => scaler.ScaleAsync(r, 4, new AutoscalingPolicy(), CancellationToken.None)));

        Assert.Equal(Cap, scaler.Total);
        Assert.Equal(Cap, _runtime.Count);
        Assert.Equal(Cap, revisions.Sum(r => Get<RouteTable>().Find(r.Name)!.Endpoints.Count));
    }

    [Fact]
    public async Task Autoscaler_MinimumsAboveThePlatformCap_StopsAtTheCapAndSaysWhy()
    {
        var revisions = await Task.WhenAll(DeployAsync("one"), DeployAsync("two"), DeployAsync("three"));
        foreach (var app in new[] { "one", "two", "three" })
        {
            await Get<AutoscalingPolicies>().SetAsync(app, new AutoscalingPolicy { Min = 4 }, CancellationToken.None);
            Get<AutoscalerService>().PolicyChanged(app);
        }

        await Task.Delay(AutoscalerService.Tick * 2 + TimeSpan.FromMilliseconds(500));

        Assert.Equal(Cap, _runtime.Count);
        Assert.Contains(new[] { "one", "two", "three" }, app => Get<AutoscalerService>().Status(app)?.Reason.Contains("platform cap 5", StringComparison.Ordinal) == true);
        Assert.Equal(Cap, revisions.Sum(r => Get<RouteTable>().Find(r.Name)!.Endpoints.Count));
    }
}
