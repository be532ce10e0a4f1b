using AppLauncher.Hosting;
using AppLauncher.Settings;
using AppLauncher.Runtime.Kubernetes;
using AppLauncher.Proxy;
using AppLauncher.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace AppLauncher.Tests.Hosting;

/// <summary><c>runtime.kind: kubernetes</c> in launcher.yaml selects the Kubernetes runtime, and a kubeconfig that cannot be used stops start-up.</summary>
public sealed class KubernetesRuntimeSelectionTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private (LauncherSettings? Settings, IReadOnlyList<string> Errors) Load(string yaml)
    {
        var file = Path.Combine(_dir.Path, "launcher.yaml");
        File.WriteAllText(file, yaml);
        return LauncherSettingsLoader.Load(new Dictionary<string, string?> { ["LAUNCHER_CONFIG"] = file, ["LAUNCHER_DATA"] = Path.Combine(_dir.Path, "data") });
    }

    [Fact]
    public void Load_KubeconfigMissing_StartUpErrorNamesFieldAndFile()
    {
        var missing = Path.Combine(_dir.Path, "nope");

        var (settings, errors) = Load($"runtime:\n  kind: kubernetes\n  kubernetes:\n    kubeconfig: {missing}\n");

        Assert.Null(settings);
        Assert.EndsWith($"launcher.yaml: runtime.kubernetes.kubeconfig: kubeconfig {missing} does not exist: fix runtime.kubernetes.kubeconfig (or KUBECONFIG)", Assert.Single(errors));
    }

    [Fact]
    public void AddLauncher_KubernetesKind_RuntimeIsKubernetes()
    {
        var kubeconfig = Path.Combine(_dir.Path, "kubeconfig");
        File.WriteAllText(kubeconfig, """
            apiVersion: v1
            kind: Config
            current-context: c
            clusters: [{name: c, cluster: {server: "https://127.0.0.1:6443"}}]
            contexts: [{name: c, context: {cluster: c, user: u}}]
            users: [{name: u, user: {token: t}}]
            """);
        var (settings, errors) = Load($"runtime:\n  kind: kubernetes\n  kubernetes:\n    kubeconfig: {kubeconfig}\n");
        Assert.Empty(errors);

        var services = new ServiceCollection().AddLogging().AddLauncher(settings!);
        using var provider = services.BuildServiceProvider();

        Assert.IsType<KubernetesRuntime>(provider.GetRequiredService<IRuntime>());
        Assert.True(provider.GetRequiredService<IRuntime>().ManagesReplicas);

        // The cluster's ready pods reach the proxy's route of a served revision; other revisions are left alone.
        var routes = provider.GetRequiredService<RouteTable>();
        routes.SetRevision(new RevisionRoute("hello", "hello-00002", [new InstanceEndpoint("svc", new Uri("http://hello.team-default.svc:80/"))]));
        var pod = new RuntimeEndpoint("team-default/hello-abc", new Uri("http://10.1.2.3:8080/"));
        var sink = provider.GetRequiredService<IEndpointSink>();
        sink.ReplaceEndpoints("hello", "hello-00002", [pod]);
        sink.ReplaceEndpoints("hello", "hello-00001", [pod]);

        var served = Assert.Single(routes.Find("hello-00002")!.Endpoints);
        Assert.Equal((pod.InstanceId, pod.Address), (served.InstanceId, served.Address));
        Assert.Null(routes.Find("hello-00001"));

        // A pod that stays keeps its endpoint object, so the proxy's in-flight count carries over; a new one joins.
        var other = new RuntimeEndpoint("team-default/hello-def", new Uri("http://10.1.2.4:8080/"));
        sink.ReplaceEndpoints("hello", "hello-00002", [pod, other]);
        Assert.Same(served, routes.Find("hello-00002")!.Endpoints.Single(e => e.InstanceId == pod.InstanceId));
        Assert.Equal(2, routes.Find("hello-00002")!.Endpoints.Count);
    }

    [Fact]
    public void AddLauncher_DefaultKind_RuntimeIsDocker()
    {
        var (settings, _) = Load("domain: localhost\n");

        using var provider = new ServiceCollection().AddLogging().AddLauncher(settings!).BuildServiceProvider();

        Assert.IsType<DockerRuntime>(provider.GetRequiredService<IRuntime>());
        Assert.False(provider.GetRequiredService<IRuntime>().ManagesReplicas);
    }
}
