using System.Diagnostics;
using System.Formats.Tar;
using System.Text.Json.Nodes;
using AppLauncher.Deploy;
using AppLauncher.Hosting;
using AppLauncher.Runtime;
using AppLauncher.Store;
using Microsoft.Extensions.DependencyInjection;

namespace AppLauncher.Tests.Kubernetes;

/// <summary>
/// A deploy with a Procfile <c>release:</c> on the kubernetes runtime, wired as the server wires it: the release command
/// runs as a Job before the Deployment is applied, its output reaches the pusher, and its failure stops the release.
/// The image is built by the real Docker engine; the API server is <see cref="KubernetesApiStandIn"/>, where the test
/// plays the Job controller (the pod, its log, its end) and the Deployment controller (the rollout).
/// </summary>
public sealed class KubernetesReleaseJobStandInTests : IAsyncLifetime
{
    private const string DeploymentPath = "/apis/apps/v1/namespaces/apps/deployments/hello";
    private const string JobPath = "/apis/batch/v1/namespaces/apps/jobs/hello-release-00001";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _dir = new();
    private KubernetesApiStandIn _server = null!;
    private ServiceProvider _provider = null!;

    public async Task InitializeAsync()
    {
        _server = await KubernetesApiStandIn.StartAsync();
        var kubeconfig = _server.WriteKubeconfig(_server.Kubeconfig());
        var file = Path.Combine(_dir.Path, "launcher.yaml");
        await File.WriteAllTextAsync(file,
            $"domain: localhost\nbuildpacksDirectory: {Path.Combine(RepositoryRoot.Path, "buildpacks")}\ndeploy:\n  readyTimeoutSeconds: 60\nruntime:\n  kind: kubernetes\n  kubernetes:\n    kubeconfig: {kubeconfig}\n");
        var (settings, errors) = LauncherSettingsLoader.Load(
            new Dictionary<string, string?> { ["LAUNCHER_CONFIG"] = file, ["LAUNCHER_DATA"] = Path.Combine(_dir.Path, "data") });
        Assert.Empty(errors);

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

    private static MemoryStream StaticSiteWithRelease()
    {
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "index.html") { DataStream = new MemoryStream("<h1>hello</h1>"u8.ToArray()) });
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "Procfile") { DataStream = new MemoryStream("release: ./migrate --all\n"u8.ToArray()) });
        }

        tar.Position = 0;
        return tar;
    }

    /// <summary>Plays the Job controller: once the Job exists, its pod prints <paramref name="log"/> and ends with <paramref name="exitCode"/>.</summary>
    private async Task PlayJobAsync(string log, int exitCode)
    {
        var watch = Stopwatch.StartNew();
        while (_server.Get(JobPath) is null)
        {
            Assert.True(watch.Elapsed < Bound, "the release Job was never applied");
            await Task.Delay(50);
        }

        // Not a byte of the rollout before the release command ended.
        Assert.Null(_server.Get(DeploymentPath));
        var pod = _server.StartJobPod("apps", "hello-release-00001")!;
        _server.AppendPodLog("apps", pod, log);
        _server.FinishJob("apps", "hello-release-00001", exitCode);
    }

    /// <summary>Plays the Deployment controller: once the Deployment exists, it reports the rollout complete.</summary>
    private async Task PlayRolloutAsync()
    {
        var watch = Stopwatch.StartNew();
        while (_server.Get(DeploymentPath) is null)
        {
            Assert.True(watch.Elapsed < Bound, "the Deployment was never applied");
            await Task.Delay(50);
        }

        var rolled = _server.Get(DeploymentPath)!;
        rolled["metadata"]!["generation"] = 1;
        rolled["status"] = new JsonObject { ["observedGeneration"] = 1, ["replicas"] = 1, ["updatedReplicas"] = 1, ["readyReplicas"] = 1, ["availableReplicas"] = 1 };
        _server.Seed(DeploymentPath, rolled, "kube-controller-manager");
    }

    private async Task<(bool Deployed, RecordingOutput Output)> DeployAsync(Task controller)
    {
        var output = new RecordingOutput();
        using var source = StaticSiteWithRelease();
        var deployed = await _provider.GetRequiredService<DeployService>().DeployAsync("hello", new string('a', 40), null, source, output, CancellationToken.None);
        await controller;
        return (deployed, output);
    }

    [Fact]
    public async Task DeployAsync_ReleaseJobFails_ReleaseStopsWithItsLogsAndNothingRollsOut()
    {
        var (deployed, output) = await DeployAsync(PlayJobAsync("migrating…\nerror: column \"email\" already exists\n", 2));

        Assert.False(deployed);
        Assert.Contains("Running release command: ./migrate --all", output.Steps);
        Assert.Contains("error: column \"email\" already exists", output.Lines);
        Assert.Contains(output.Errors, e => e.StartsWith("Release command failed: './migrate --all' (Procfile release:) exited with code 2", StringComparison.Ordinal));
        Assert.Contains("Nothing was released.", output.Errors);
        Assert.Null(_server.Get(DeploymentPath));
        Assert.Null(_server.Get(JobPath));
        Assert.Null((await _provider.GetRequiredService<IStore>().GetAppAsync("hello", CancellationToken.None))!.CurrentRevision);
    }

    [Fact]
    public async Task DeployAsync_ReleaseJobSucceeds_ThenTheDeploymentRollsOut()
    {
        var controller = Task.Run(async () =>
        {
            await PlayJobAsync("migrated 2 tables\n", 0);
            await PlayRolloutAsync();
        });

        var (deployed, output) = await DeployAsync(controller);

        Assert.True(deployed, string.Join("\n", output.Errors));
        Assert.Contains("migrated 2 tables", output.Lines);
        var requests = _server.Requests;
        var job = requests.ToList().FindIndex(r => r.Method == "PATCH" && r.Path == JobPath);
        var rollout = requests.ToList().FindIndex(r => r.Method == "PATCH" && r.Path == DeploymentPath);
        Assert.True(job >= 0 && rollout > job, "the release Job must be applied before the Deployment");
        Assert.Equal("hello-00001", (await _provider.GetRequiredService<IStore>().GetAppAsync("hello", CancellationToken.None))!.CurrentRevision);
    }

    private sealed class RecordingOutput : IDeployOutput
    {
        public List<string> Steps { get; } = [];

        public List<string> Lines { get; } = [];

        public List<string> Errors { get; } = [];

        public Task StepAsync(string text)
        {
            lock (Steps)
            {
                Steps.Add(text);
            }

            return Task.CompletedTask;
        }

        public Task LineAsync(string text)
        {
            lock (Lines)
            {
                Lines.Add(text);
            }

            return Task.CompletedTask;
        }

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
