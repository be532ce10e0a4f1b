using AppLauncher.Core.Apps;
using AppLauncher.Core.Config;
using AppLauncher.Core.Detect;
using AppLauncher.Core.Manifests;

namespace AppLauncher.Core.Tests.Apps;

/// <summary>The fields of an app's <c>launcher.yaml</c> that shape its Kubernetes manifests: resources, readOnlyRootFilesystem, cron.</summary>
public sealed class AppConfigValidatorTests
{
    private static ConfigResult<AppConfig> Read(string body) =>
        AppConfigFile.Read(InMemorySourceTree.FromText([KeyValuePair.Create(AppConfigFile.FileName, "kind: App\n" + body)]))!;

    private static string Errors(string body)
    {
        var result = Read(body);
        Assert.False(result.IsValid);
        return string.Join("\n", result.Errors);
    }

    [Fact]
    public void Read_NoKubernetesFields_PlatformDefaults()
    {
        var config = Read("port: 3000\n").Value!;

        Assert.Equal(new ResourceSettings(), config.Resources.Resolve());
        Assert.False(config.ReadOnlyRootFilesystem);
        Assert.Empty(config.Cron);
    }

    [Theory]
    [InlineData("resources:\n  requests: {cpu: 250m, memory: 256Mi}\n  limits: {cpu: 1, memory: 1Gi}\n", "250m", "1", "256Mi", "1Gi")]
    [InlineData("resources:\n  requests: {memory: 1Gi}\n", "500m", "500m", "1Gi", "1Gi")]
    [InlineData("resources:\n  limits: {cpu: \"2\"}\n", "2", "2", "512Mi", "512Mi")]
    [InlineData("resources:\n  requests: {cpu: 100m}\n  limits: {cpu: 1500m}\n", "100m", "1500m", "512Mi", "512Mi")]
    public void Read_Resources_SideLeftOutTakesTheOthersValue(string body, string cpuRequest, string cpuLimit, string memoryRequest, string memoryLimit)
    {
        var result = Read(body);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(new ResourceSettings { CpuRequest = cpuRequest, CpuLimit = cpuLimit, MemoryRequest = memoryRequest, MemoryLimit = memoryLimit }, result.Value!.Resources.Resolve());
    }

    [Theory]
    [InlineData("resources:\n  requests:\n    cpu: lots\n", "launcher.yaml:4: resources.requests.cpu: 'lots' is not a resource quantity")]
    [InlineData("resources:\n  limits:\n    memory: 512MB\n", "launcher.yaml:4: resources.limits.memory: '512MB' is not a resource quantity")]
    [InlineData("resources:\n  requests:\n    cpu: 0\n", "launcher.yaml:4: resources.requests.cpu: '0' is not a resource quantity")]
    [InlineData("resources:\n  requests:\n    memory: 2Gi\n  limits:\n    memory: 1Gi\n", "launcher.yaml:6: resources.limits.memory: memory limit 1Gi is below the request 2Gi")]
    public void Read_BadResources_ErrorNamesLineFieldAndRule(string body, string expected)
    {
        Assert.Contains(expected, Errors(body), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("healthCheck:\n  path: //evil.example/\n")]
    [InlineData("healthCheck:\n  path: http://127.0.0.1:2375/info\n")]
    [InlineData("healthCheck:\n  path: /../admin\n")]
    public void Read_HealthPathThatNamesAnotherHost_ErrorNamesLineAndField(string body)
    {
        Assert.Contains("launcher.yaml:3: healthCheck.path: ", Errors(body), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_InvalidQuantityOnOneSide_ReportedOnce()
    {
        var errors = Read("resources:\n  requests:\n    cpu: lots\n").Errors;

        Assert.Single(errors);
    }

    [Fact]
    public void Read_ReadOnlyRootFilesystemAndCron_Parsed()
    {
        var result = Read("readOnlyRootFilesystem: true\ncron:\n  - name: cleanup\n    schedule: \"0 3 * * *\"\n    command: node cleanup.js\n");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.True(result.Value!.ReadOnlyRootFilesystem);
        var job = Assert.Single(result.Value.Cron);
        Assert.Equal(("cleanup", "0 3 * * *", "node cleanup.js"), (job.Name, job.Schedule, job.Command));
    }

    [Theory]
    [InlineData("cron:\n  - name: Clean_Up\n    schedule: \"0 3 * * *\"\n    command: x\n", "launcher.yaml:3: cron[0].name: 'Clean_Up' must be a DNS label")]
    [InlineData("cron:\n  - name: a\n    schedule: \"0 3 * * *\"\n    command: x\n  - name: b\n    schedule: \"0 25 * * *\"\n    command: x\n", "launcher.yaml:7: cron[1].schedule: '0 25 * * *': hour")]
    [InlineData("cron:\n  - name: a\n    schedule: \"0 3 * *\"\n    command: x\n", "launcher.yaml:4: cron[0].schedule: '0 3 * *' is not a 5-field cron expression")]
    [InlineData("cron:\n  - name: a\n    schedule: \"@daily\"\n    command: x\n", "launcher.yaml:4: cron[0].schedule: '@daily' is not a 5-field cron expression")]
    [InlineData("cron:\n  - name: a\n    schedule: \"0 3 * * *\"\n", "launcher.yaml:3: cron[0].command: must be the shell command to run")]
    [InlineData("cron:\n  - {name: a, schedule: \"0 3 * * *\", command: x}\n  - {name: a, schedule: \"0 4 * * *\", command: y}\n", "launcher.yaml:2: cron: two jobs are named 'a'")]
    [InlineData("name: shop\ncron:\n  - name: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n    schedule: \"0 3 * * *\"\n    command: x\n", "launcher.yaml:4: cron[0].name: the job runs as 'shop-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 55 characters; Kubernetes allows 52")]
    [InlineData("cron:\n  name: a\n", "launcher.yaml:3: not valid YAML")]
    public void Read_BadCronJob_ErrorNamesLineFieldAndRule(string body, string expected)
    {
        Assert.Contains(expected, Errors(body), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Processes_CountsPerType()
    {
        var result = Read("processes:\n  worker: 2\n  clock: 0\n");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(2, result.Value!.Processes["worker"]);
        Assert.Equal(0, result.Value.Processes["clock"]);
    }

    [Theory]
    [InlineData("processes:\n  worker: -1\n", "processes: worker: -1 instances; expected 0 to 50")]
    [InlineData("processes:\n  web: 2\n", "processes: web is autoscaled")]
    [InlineData("processes:\n  big_worker: 1\n", "processes: process type 'big_worker' must be at most 20 lowercase letters")]
    public void Read_BadProcesses_ErrorNamesFieldAndRule(string body, string expected)
    {
        Assert.Contains(expected, Errors(body), StringComparison.Ordinal);
    }

    [Fact]
    public void Create_AppConfig_ManifestInputCarriesEveryField()
    {
        var config = Read("port: 3000\nhealthCheck: {path: /healthz}\nenv: {A: b}\nreadOnlyRootFilesystem: true\nresources:\n  limits: {memory: 1Gi}\ncron:\n  - {name: nightly, schedule: \"0 3 * * *\", command: ./nightly}\n").Value!;

        var input = ManifestInputFactory.Create("shop", "shop-00002", "r/shop@sha256:" + new string('a', 64), "node", "abc", config, new KubernetesConfig(), 8080);

        Assert.Equal(3000, input.Port);
        Assert.Equal("/healthz", input.HealthCheckPath);
        Assert.Equal("b", input.Env["A"]);
        Assert.True(input.ReadOnlyRootFilesystem);
        Assert.Equal(("1Gi", "1Gi"), (input.Resources.MemoryRequest, input.Resources.MemoryLimit));
        Assert.Equal(new CronJobSettings { Name = "nightly", Schedule = "0 3 * * *", Command = "./nightly" }, Assert.Single(input.CronJobs));
        Assert.True(new ManifestInputValidator().Validate(input).IsValid);
    }
}
