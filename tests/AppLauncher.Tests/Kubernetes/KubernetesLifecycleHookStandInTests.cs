using AppLauncher.Apps;
using AppLauncher.Hosting;
using AppLauncher.Settings;
using AppLauncher.Runtime;
using AppLauncher.Store;
using Microsoft.Extensions.DependencyInjection;

namespace AppLauncher.Tests.Kubernetes;

/// <summary>
/// Deleting an app with <c>runtime: kubernetes</c>, wired as the server wires it (<c>AddLauncher</c>), deletes its
/// objects on the cluster by label, against <see cref="KubernetesApiStandIn"/>.
/// </summary>
public sealed class KubernetesLifecycleHookStandInTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private KubernetesApiStandIn _server = null!;
    private ServiceProvider _provider = null!;

    public async Task InitializeAsync()
    {
        _server = await KubernetesApiStandIn.StartAsync();
        var kubeconfig = Path.Combine(_dir.Path, "kubeconfig");
        await File.WriteAllTextAsync(kubeconfig, _server.Kubeconfig());
        var file = Path.Combine(_dir.Path, "launcher.yaml");
        await File.WriteAllTextAsync(file, $"domain: localhost\nruntime:\n  kind: kubernetes\n  kubernetes:\n    kubeconfig: {kubeconfig}\n");
        var (settings, errors) = LauncherSettingsLoader.Load(
            new Dictionary<string, string?> { ["LAUNCHER_CONFIG"] = file, ["LAUNCHER_DATA"] = Path.Combine(_dir.Path, "data") });
        Assert.Empty(errors);

        // Images are pushed to a registry by digest; that part is not what this test is about.
        var services = new ServiceCollection().AddLogging().AddSingleton<IImagePublisher>(new DigestPublisher());
        _provider = services.AddLauncher(settings!).BuildServiceProvider();
        await _provider.GetRequiredService<IStore>().MigrateAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _provider.DisposeAsync();
        await _server.DisposeAsync();
        _dir.Dispose();
    }

    private async Task DeployAsync(string app)
    {
        var lifecycle = _provider.GetRequiredService<AppLifecycle>();
        Assert.True(await lifecycle.EnsureCreatedAsync(app, CancellationToken.None));
        var runtime = _provider.GetRequiredService<IRuntime>();
        await runtime.StartAsync(new InstanceSpec(app, $"{app}-00001", $"launcher/{app}:1", new Dictionary<string, string>(), 8080), CancellationToken.None);
    }

    [Fact]
    public async Task DeleteAsync_AppOnKubernetes_DeletesEveryObjectOfItsLabelsAndNoOther()
    {
        await DeployAsync("hello");
        await DeployAsync("other");
        Assert.NotNull(_server.Get("/apis/apps/v1/namespaces/apps/deployments/hello"));
        var before = _server.Requests.Count;

        Assert.True(await _provider.GetRequiredService<AppLifecycle>().DeleteAsync("hello", CancellationToken.None));

        var requests = _server.Requests.Skip(before).ToList();
        const string selector = "labelSelector=app.kubernetes.io%2Finstance%3Dhello%2Capp.kubernetes.io%2Fmanaged-by%3Dapplauncher";
        foreach (var collection in new[]
        {
            "/apis/batch/v1/namespaces/apps/cronjobs", "/apis/networking.k8s.io/v1/namespaces/apps/networkpolicies",
            "/apis/policy/v1/namespaces/apps/poddisruptionbudgets", "/apis/autoscaling/v2/namespaces/apps/horizontalpodautoscalers",
            "/api/v1/namespaces/apps/services", "/apis/apps/v1/namespaces/apps/deployments", "/api/v1/namespaces/apps/serviceaccounts",
        })
        {
            Assert.Contains(requests, r => r.Method == "GET" && r.Path == collection && r.Query.Contains(selector, StringComparison.Ordinal));
        }

        Assert.Equal(
            [
                "/apis/autoscaling/v2/namespaces/apps/horizontalpodautoscalers/hello", "/api/v1/namespaces/apps/services/hello",
                "/apis/apps/v1/namespaces/apps/deployments/hello", "/api/v1/namespaces/apps/serviceaccounts/hello",
            ],
            requests.Where(r => r.Method == "DELETE").Select(r => r.Path));
        Assert.Null(_server.Get("/apis/apps/v1/namespaces/apps/deployments/hello"));
        Assert.NotNull(_server.Get("/apis/apps/v1/namespaces/apps/deployments/other"));
        Assert.NotNull(_server.Get("/api/v1/namespaces/apps/services/other"));
    }

    [Fact]
    public void AddLauncher_Kubernetes_AppLifecycleDeletesThroughTheSameRuntime()
    {
        Assert.Same(_provider.GetRequiredService<KubernetesRuntime>(), _provider.GetRequiredService<IRuntime>());
    }

    private sealed class DigestPublisher : IImagePublisher
    {
        public Task<string> PublishAsync(string app, string revision, string localImage, CancellationToken cancellationToken) =>
            Task.FromResult($"127.0.0.1:5000/{app}@sha256:{new string('d', 64)}");
    }
}
