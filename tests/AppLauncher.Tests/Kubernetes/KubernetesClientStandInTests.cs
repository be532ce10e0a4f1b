using System.Text.Json.Nodes;
using AppLauncher.Core.Manifests;
using AppLauncher.Runtime.Kubernetes;
using AppLauncher.Runtime;
using k8s;
using k8s.Models;

namespace AppLauncher.Tests.Kubernetes;

/// <summary>
/// AppLauncher's calls on the KubernetesClient library, over real HTTPS to <see cref="KubernetesApiStandIn"/> (no API
/// server can run here): its kubeconfig loading, transport and typed models, and our failures as <see cref="RuntimeException"/>.
/// </summary>
public sealed class KubernetesClientStandInTests : IAsyncLifetime
{
    private const string Ns = "apps";
    private static readonly ManifestInput Input = new()
    {
        App = "hello",
        Revision = "hello-00003",
        Image = "127.0.0.1:5000/hello@sha256:" + new string('b', 64),
        Autoscaling = new() { Min = 2, Max = 100, Steps = [new() { Metric = "cpu", Threshold = 90, ForSeconds = 300, Change = 2, CooldownSeconds = 60 }] },
        CronJobs = [new CronJobSettings { Name = "cleanup", Schedule = "0 3 * * *", Command = "node cleanup.js" }],
        NetworkPolicy = true,
    };

    private KubernetesApiStandIn _server = null!;
    private IKubernetes _client = null!;

    public async Task InitializeAsync()
    {
        _server = await KubernetesApiStandIn.StartAsync();
        _client = _server.Connect();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    private async Task ApplyAllAsync()
    {
        await _client.ApplyAsync(NamespaceManifest.MakeNamespace(Ns), CancellationToken.None);
        foreach (var manifest in AppManifests.Make(Input).Objects)
        {
            await _client.ApplyAsync(manifest, CancellationToken.None);
        }
    }

    [Fact]
    public async Task ApplyAsync_AppManifests_ServerSideApplyEachToItsPath()
    {
        await ApplyAllAsync();

        var patches = _server.Requests.Where(r => r.Method == "PATCH").ToList();
        Assert.Equal(
        [
            "/api/v1/namespaces/apps",
            "/api/v1/namespaces/apps/serviceaccounts/hello",
            "/apis/apps/v1/namespaces/apps/deployments/hello",
            "/api/v1/namespaces/apps/services/hello",
            "/apis/autoscaling/v2/namespaces/apps/horizontalpodautoscalers/hello",
            "/apis/policy/v1/namespaces/apps/poddisruptionbudgets/hello",
            "/apis/networking.k8s.io/v1/namespaces/apps/networkpolicies/hello",
            "/apis/batch/v1/namespaces/apps/cronjobs/hello-cleanup",
        ], patches.Select(p => p.Path));
        Assert.All(patches, p =>
        {
            Assert.StartsWith("application/apply-patch+yaml", p.ContentType, StringComparison.Ordinal);
            Assert.Equal("?fieldManager=applauncher&force=true", p.Query);
            Assert.Equal($"Bearer {KubernetesApiStandIn.Token}", p.Authorization);
        });
        var deployment = _server.Get("/apis/apps/v1/namespaces/apps/deployments/hello")!;
        Assert.Equal(Input.Image, deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
        Assert.Equal("8080", deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]![0]!["value"]!.GetValue<string>());
        Assert.Equal("applauncher", _server.ManagerOf("/apis/apps/v1/namespaces/apps/deployments/hello"));
    }

    [Fact]
    public async Task ApplyAsync_ObjectOwnedByKubectl_ForceTakesItOver()
    {
        await _client.ApplyAsync(NamespaceManifest.MakeNamespace(Ns), CancellationToken.None);
        var path = "/api/v1/namespaces/apps/services/hello";
        _server.Seed(path, new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Service", ["metadata"] = new JsonObject { ["name"] = "hello", ["namespace"] = Ns } });

        var applied = await _client.ApplyAsync(ServiceManifest.MakeService(Input), CancellationToken.None);

        Assert.Equal("applauncher", _server.ManagerOf(path));
        Assert.Equal("ClusterIP", Assert.IsType<V1Service>(applied).Spec.Type);
        Assert.NotNull(applied.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task ApplyAsync_NamespaceMissing_NotFoundNamesIt()
    {
        var error = await Assert.ThrowsAsync<RuntimeException>(() => _client.ApplyAsync(ServiceManifest.MakeService(Input), CancellationToken.None));

        Assert.Equal(404, error.StatusCode);
        Assert.Contains("namespaces \"apps\" not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyAsync_Conflict_409WithAdvice()
    {
        await _client.ApplyAsync(NamespaceManifest.MakeNamespace(Ns), CancellationToken.None);
        _server.FailNext("PATCH", "/apis/apps/v1/namespaces/apps/deployments/hello", 409, "Conflict",
            "Operation cannot be fulfilled on deployments.apps \"hello\": the object has been modified; please apply your changes to the latest version and try again");

        var error = await Assert.ThrowsAsync<RuntimeException>(() => _client.ApplyAsync(DeploymentManifest.MakeDeployment(Input), CancellationToken.None));

        Assert.Equal(409, error.StatusCode);
        Assert.Contains(": 409 Conflict: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("PATCH /apis/apps/v1/namespaces/apps/deployments/hello", error.Message, StringComparison.Ordinal);
        Assert.Contains("apply again", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyAsync_SelectorNotMatchingTemplate_422CausesInMessage()
    {
        await _client.ApplyAsync(NamespaceManifest.MakeNamespace(Ns), CancellationToken.None);
        var deployment = DeploymentManifest.MakeDeployment(Input);
        var template = (OrderedDictionary<string, object?>)((OrderedDictionary<string, object?>)deployment["spec"]!)["template"]!;
        ((OrderedDictionary<string, object?>)((OrderedDictionary<string, object?>)template["metadata"]!)["labels"]!)[ManifestNames.ComponentLabel] = "worker";

        var error = await Assert.ThrowsAsync<RuntimeException>(() => _client.ApplyAsync(deployment, CancellationToken.None));

        Assert.Equal(422, error.StatusCode);
        Assert.Contains(": 422 Invalid: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("Invalid fields: spec.template.metadata.labels: Invalid value: `selector` does not match template `labels`", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyAsync_WrongToken_401NamesTheContext()
    {
        var kubeconfig = _server.WriteKubeconfig(_server.Kubeconfig(token: "expired"));
        using var client = KubeconfigLoader.Load(kubeconfig).CreateClient();

        var error = await Assert.ThrowsAsync<RuntimeException>(() => client.ApplyAsync(NamespaceManifest.MakeNamespace(Ns), CancellationToken.None));

        Assert.Equal(401, error.StatusCode);
        Assert.Contains($"context 'stand-in' of {kubeconfig}", error.Message, StringComparison.Ordinal);
        Assert.Contains("renew the token", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyAsync_ClientCertificateUser_AuthenticatesWithoutToken()
    {
        using var client = _server.Connect(clientCertificate: true);

        await client.ApplyAsync(NamespaceManifest.MakeNamespace(Ns), CancellationToken.None);

        var request = Assert.Single(_server.Requests);
        Assert.True(request.ClientCertificate);
        Assert.Null(request.Authorization);
    }

    [Fact]
    public async Task ApplyAsync_ServerCaNotInKubeconfig_RefusedUnlessInsecure()
    {
        using var untrusting = _server.Connect(includeCa: false);
        using var insecure = _server.Connect(includeCa: false, insecure: true);

        var error = await Assert.ThrowsAsync<RuntimeException>(() => untrusting.ApplyAsync(NamespaceManifest.MakeNamespace(Ns), CancellationToken.None));
        await insecure.ApplyAsync(NamespaceManifest.MakeNamespace(Ns), CancellationToken.None);

        Assert.Null(error.StatusCode);
        Assert.Contains("cannot reach the API server", error.Message, StringComparison.Ordinal);
        Assert.Contains("CA", error.Message, StringComparison.Ordinal);
        Assert.Single(_server.Requests); // only the insecure client got through TLS
    }

    [Fact]
    public async Task ScaleAsync_ZeroThenOne_ThroughScaleSubresourceAndKeptByReapply()
    {
        await ApplyAllAsync();

        await _client.ScaleAsync(Ns, "hello", 0, CancellationToken.None);
        var atZero = await _client.GetScaleAsync(Ns, "hello", CancellationToken.None);
        await _client.ApplyAsync(DeploymentManifest.MakeDeployment(Input), CancellationToken.None);
        var afterApply = await _client.GetScaleAsync(Ns, "hello", CancellationToken.None);
        await _client.ScaleAsync(Ns, "hello", 1, CancellationToken.None);

        Assert.Equal(0, atZero);
        Assert.Equal(0, afterApply);
        Assert.Equal(1, await _client.GetScaleAsync(Ns, "hello", CancellationToken.None));
        var scale = _server.Requests.Last(r => r.Method == "PATCH" && r.Path.EndsWith("/scale", StringComparison.Ordinal));
        Assert.Equal("/apis/apps/v1/namespaces/apps/deployments/hello/scale", scale.Path);
        Assert.StartsWith("application/merge-patch+json", scale.ContentType, StringComparison.Ordinal);
        Assert.Equal("""{"spec":{"replicas":1}}""", scale.Body);
    }

    [Fact]
    public async Task ScaleAsync_NoDeployment_NotFound()
    {
        var error = await Assert.ThrowsAsync<RuntimeException>(() => _client.ScaleAsync(Ns, "ghost", 1, CancellationToken.None));

        Assert.Equal(404, error.StatusCode);
        Assert.Contains("deployments.apps \"ghost\" not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAndDelete_ByAppLabel_OnlyThatAppsObjects()
    {
        await ApplyAllAsync();
        await _client.ApplyAsync(ServiceManifest.MakeService(Input with { App = "other", Revision = "other-00001" }), CancellationToken.None);

        var kind = Assert.Single(KubernetesClientExtensions.AppKinds, k => k.Plural == "services");
        var services = await kind.ListNamesAsync(_client, Ns, ManifestNames.AppLabelSelector("hello"), CancellationToken.None);
        var deleted = await _client.DeleteAsync(kind, Ns, "hello", CancellationToken.None);
        var again = await _client.DeleteAsync(kind, Ns, "hello", CancellationToken.None);

        Assert.Equal(["hello"], services);
        Assert.True(deleted);
        Assert.False(again);
        Assert.NotNull(_server.Get("/api/v1/namespaces/apps/services/other"));
        Assert.Contains(_server.Requests, r => r.Method == "GET" && r.Path == "/api/v1/namespaces/apps/services" &&
            r.Query.StartsWith("?labelSelector=app.kubernetes.io%2Finstance%3Dhello%2Capp.kubernetes.io%2Fmanaged-by%3Dapplauncher&", StringComparison.Ordinal) && !r.Query.Contains("watch=true", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PodLogsAsync_Tail_LastLinesOfTheAppContainer()
    {
        _server.SeedLogs(Ns, "hello-7d9f-abcde", "one\ntwo\nthree\n");

        var logs = await _client.PodLogsAsync(Ns, "hello-7d9f-abcde", ManifestNames.Container, 2, CancellationToken.None);

        Assert.Equal("two\nthree\n", logs);
        Assert.Contains(_server.Requests, r => r.Path == "/api/v1/namespaces/apps/pods/hello-7d9f-abcde/log" && r.Query == "?container=app&tailLines=2");
    }
}
