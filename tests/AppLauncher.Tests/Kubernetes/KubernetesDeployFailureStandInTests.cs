using System.Formats.Tar;
using System.Text.Json.Nodes;
using AppLauncher.Deploy;
using AppLauncher.Hosting;
using AppLauncher.Runtime;
using AppLauncher.Store;
using Microsoft.Extensions.DependencyInjection;

namespace AppLauncher.Tests.Kubernetes;

/// <summary>
/// A deploy with <c>runtime: kubernetes</c>, wired as the server wires it, whose apply the API server refuses: the pusher
/// reads "Deploy failed" with the server's reason and the build record is finished as failed, against
/// <see cref="KubernetesApiStandIn"/>. The image is built by the real Docker engine; the API server is the stand-in.
/// </summary>
public sealed class KubernetesDeployFailureStandInTests : IAsyncLifetime
{
    private const string DeploymentPath = "/apis/apps/v1/namespaces/apps/deployments/hello";
    private readonly TempDirectory _dir = new();
    private KubernetesApiStandIn _server = null!;
    private ServiceProvider _provider = null!;

    public async Task InitializeAsync()
    {
        _server = await KubernetesApiStandIn.StartAsync();
        var kubeconfig = _server.WriteKubeconfig(_server.Kubeconfig());
        var file = Path.Combine(_dir.Path, "launcher.yaml");
        await File.WriteAllTextAsync(file,
            $"domain: localhost\nbuildpacksDirectory: {Path.Combine(RepositoryRoot.Path, "buildpacks")}\nruntime:\n  kind: kubernetes\n  kubernetes:\n    kubeconfig: {kubeconfig}\n");
        var (settings, errors) = LauncherSettingsLoader.Load(
            new Dictionary<string, string?> { ["LAUNCHER_CONFIG"] = file, ["LAUNCHER_DATA"] = Path.Combine(_dir.Path, "data") });
        Assert.Empty(errors);

        var services = new ServiceCollection().AddLogging()
            .AddSingleton<IImagePublisher>(new DigestPublisher());
        _provider = services.AddLauncher(settings!).BuildServiceProvider();
        await _provider.GetRequiredService<IStore>().MigrateAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _provider.DisposeAsync();
        await _server.DisposeAsync();
        _dir.Dispose();
    }

    private static MemoryStream StaticSite()
    {
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, "index.html") { DataStream = new MemoryStream("<h1>hello</h1>"u8.ToArray()) };
            writer.WriteEntry(entry);
        }

        tar.Position = 0;
        return tar;
    }

    private async Task<(bool Deployed, RecordingOutput Output, BuildRecord Build)> DeployAsync()
    {
        var output = new RecordingOutput();
        using var source = StaticSite();
        var deployed = await _provider.GetRequiredService<DeployService>().DeployAsync("hello", new string('a', 40), null, source, output, CancellationToken.None);
        var build = Assert.Single(await _provider.GetRequiredService<IStore>().ListBuildsAsync("hello", CancellationToken.None));
        return (deployed, output, build);
    }

    [Fact]
    public async Task DeployAsync_ApiServerAnswers500ToTheApply_DeployFailedWithTheReasonAndBuildFinished()
    {
        _server.FailNext("PATCH", DeploymentPath, 500, "InternalError", "Internal error occurred: etcdserver: request timed out");

        var (deployed, output, build) = await DeployAsync();

        Assert.False(deployed);
        var failed = Assert.Single(output.Errors, e => e.StartsWith("Deploy failed: ", StringComparison.Ordinal));
        Assert.Contains("PATCH /apis/apps/v1/namespaces/apps/deployments/hello: 500 InternalError: Internal error occurred: etcdserver: request timed out", failed, StringComparison.Ordinal);
        Assert.Equal(BuildStatus.Failed, build.Status);
        Assert.NotNull(build.FinishedAt);
        Assert.Contains("etcdserver: request timed out", build.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeployAsync_ApiServerAnswers422WithCauses_DeployFailedNamesTheFields()
    {
        _server.FailNext("PATCH", DeploymentPath, 422, "Invalid", "Deployment.apps \"hello\" is invalid: spec.template.spec.containers[0].image: Required value",
            new JsonArray(new JsonObject { ["reason"] = "FieldValueRequired", ["message"] = "Required value", ["field"] = "spec.template.spec.containers[0].image" }));

        var (deployed, output, build) = await DeployAsync();

        Assert.False(deployed);
        var failed = Assert.Single(output.Errors, e => e.StartsWith("Deploy failed: ", StringComparison.Ordinal));
        Assert.Contains("422 Invalid", failed, StringComparison.Ordinal);
        Assert.Contains("Invalid fields: spec.template.spec.containers[0].image: Required value", failed, StringComparison.Ordinal);
        Assert.Contains("Nothing was released.", output.Errors);
        Assert.Equal(BuildStatus.Failed, build.Status);
        Assert.Contains("spec.template.spec.containers[0].image: Required value", build.Error, StringComparison.Ordinal);
        Assert.Null(_server.Get(DeploymentPath));
    }

    private sealed class RecordingOutput : IDeployOutput
    {
        public List<string> Errors { get; } = [];

        public Task StepAsync(string text) => Task.CompletedTask;

        public Task LineAsync(string text) => Task.CompletedTask;

        public Task ErrorAsync(string text)
        {
            Errors.Add(text);
            return Task.CompletedTask;
        }
    }

    private sealed class DigestPublisher : IImagePublisher
    {
        public Task<string> PublishAsync(string app, string revision, string localImage, CancellationToken cancellationToken) =>
            Task.FromResult($"127.0.0.1:5000/{app}@sha256:{new string('d', 64)}");
    }
}
