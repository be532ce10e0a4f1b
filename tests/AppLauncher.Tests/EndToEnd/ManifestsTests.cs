using System.Net;
using System.Net.Http.Headers;
using AppLauncher.Testing;

namespace AppLauncher.Tests.EndToEnd;

/// <summary>
/// Kubernetes manifests of a pushed app, from the API and the CLI, validated against the Kubernetes schema
/// (kubernetes-models); and the CLI rendering a repository without a server.
/// </summary>
[Collection(LauncherCollection.Name)]
public sealed class ManifestsTests(LauncherFixture launcher)
{
    private const string AppFile = """
        kind: App
        healthCheck:
          path: /
        env:
          GREETING_STYLE: plain
        autoscaling:
          max: 100
          steps:
            - metric: cpu
              operator: ">="
              threshold: 90
              forSeconds: 300
              change: 2
              cooldownSeconds: 60
        """;

    private async Task<HttpResponseMessage> GetManifestsAsync(string app)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{launcher.ControlUrl}/api/apps/{app}/manifests");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", LauncherFixture.Token);
        return await launcher.Http.SendAsync(request);
    }

    private static Task<ProcessRunner.Result> LauncherCliAsync(IReadOnlyDictionary<string, string> env, params string[] args) =>
        ProcessRunner.RunAsync(Path.Combine(RepositoryRoot.Path, "scripts", "launcher"), args, RepositoryRoot.Path, env);

    [Fact]
    public async Task GetManifests_PushedAppWithConfig_SchemaValidYamlFromItsRevisionAndConfig()
    {
        var app = launcher.AppName("k8s");
        using var repo = await AppRepository.FromSampleAsync("hello-node");
        await repo.WriteAndCommitAsync("launcher.yaml", AppFile, "app config");
        var push = await repo.PushAsync($"http://anyone:{LauncherFixture.Token}@localhost:{launcher.Port}/{app}.git");
        Assert.True(push.ExitCode == 0, push.ToString());
        var commit = (await repo.GitAsync("rev-parse", "HEAD")).Output.Trim();

        using var response = await GetManifestsAsync(app);
        var yaml = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/yaml", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"applauncher.dev/revision: {app}-00001", yaml, StringComparison.Ordinal);
        Assert.Contains($"applauncher.dev/commit: {commit}", yaml, StringComparison.Ordinal);
        Assert.Matches($@"image: 127\.0\.0\.1:5000/{app}@sha256:[0-9a-f]{{64}}", yaml);
        Assert.Contains("httpGet:\n            path: /\n", yaml, StringComparison.Ordinal);
        Assert.Contains("- name: GREETING_STYLE\n          value: plain", yaml, StringComparison.Ordinal);
        Assert.Contains("maxReplicas: 100", yaml, StringComparison.Ordinal);
        Assert.Contains("averageUtilization: 90", yaml, StringComparison.Ordinal);
        Assert.Contains("stabilizationWindowSeconds: 300", yaml, StringComparison.Ordinal);
        var (code, output) = await KubernetesSchemaValidator.ValidateAsync(yaml);
        Assert.True(code == 0, output);

        var cli = await LauncherCliAsync(
            new Dictionary<string, string> { ["LAUNCHER_URL"] = launcher.ControlUrl, ["LAUNCHER_TOKEN"] = LauncherFixture.Token },
            "manifests", app);
        Assert.True(cli.ExitCode == 0, cli.ToString());
        Assert.Equal(yaml, cli.Output.ReplaceLineEndings("\n").TrimEnd() + "\n");
    }

    [Fact]
    public async Task GetManifests_UnknownApp_NotFoundProblem()
    {
        using var response = await GetManifestsAsync(launcher.AppName("nothing-here"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Create it with git push", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManifestsDir_Sample_SchemaValidWithoutServer()
    {
        var image = "registry.example.com/hello@sha256:" + new string('a', 64);

        var cli = await LauncherCliAsync(new Dictionary<string, string>(), "manifests", "--dir", "samples/hello-node", "--image", image, "--app", "hello");

        Assert.True(cli.ExitCode == 0, cli.ToString());
        Assert.Contains($"image: {image}", cli.Output, StringComparison.Ordinal);
        Assert.Contains("applauncher.dev/buildpack: node", cli.Output, StringComparison.Ordinal);
        var (code, output) = await KubernetesSchemaValidator.ValidateAsync(cli.Output);
        Assert.True(code == 0, output);
    }

    [Fact]
    public async Task ManifestsDir_ImageByTag_ErrorNamesDigestRule()
    {
        var cli = await LauncherCliAsync(new Dictionary<string, string>(), "manifests", "--dir", "samples/hello-node", "--image", "hello:latest");

        Assert.Equal(1, cli.ExitCode);
        Assert.Contains("error: image 'hello:latest' is not referenced by digest", cli.Output, StringComparison.Ordinal);
    }
}
