using AppLauncher.Core.Config;

namespace AppLauncher.Core.Tests.Config;

public sealed class KubernetesConfigTests
{
    private static ConfigResult<PlatformConfig> Read(string yaml) =>
        YamlConfigReader<PlatformConfig>.Read(yaml, "launcher.yaml", new PlatformConfigValidator());

    [Fact]
    public void Read_KubernetesRuntime_ReadsClusterSettings()
    {
        var result = Read("runtime:\n  kind: kubernetes\n  kubernetes:\n    kubeconfig: /etc/launcher/kubeconfig\n    team: payments\n    registry: registry.example.com/launcher\n    networkPolicy: true\n");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var kubernetes = result.Value!.Runtime.Kubernetes;
        Assert.Equal("kubernetes", result.Value.Runtime.Kind);
        Assert.Equal("/etc/launcher/kubeconfig", kubernetes.Kubeconfig);
        Assert.Equal("payments", kubernetes.Team);
        Assert.Equal("registry.example.com/launcher", kubernetes.Registry);
        Assert.True(kubernetes.NetworkPolicy);
    }

    [Fact]
    public void Read_RepositoryLauncherYaml_KubernetesSectionEqualsDefaults()
    {
        var config = Read(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "launcher.yaml"))).Value!;
        var defaults = new KubernetesConfig();

        Assert.Equal(defaults.Registry, config.Runtime.Kubernetes.Registry);
        Assert.Equal(defaults.Team, config.Runtime.Kubernetes.Team);
        Assert.Equal(defaults.ProxyNamespace, config.Runtime.Kubernetes.ProxyNamespace);
        Assert.Equal(defaults.DefaultMaxReplicas, config.Runtime.Kubernetes.DefaultMaxReplicas);
    }

    [Theory]
    [InlineData("runtime:\n  kubernetes:\n    registry: https://registry.example.com\n", 3, "runtime.kubernetes.registry", "without a scheme")]
    [InlineData("runtime:\n  kubernetes:\n    team: Team_A\n", 3, "runtime.kubernetes.team", "must be a DNS label")]
    [InlineData("runtime:\n  kubernetes:\n    defaultMaxReplicas: 0\n", 3, "runtime.kubernetes.defaultMaxReplicas", "between 1 and 10000")]
    public void Read_InvalidKubernetesValue_ErrorNamesLineFieldAndRule(string yaml, int line, string field, string rule)
    {
        var error = Assert.Single(Read(yaml).Errors);

        Assert.Equal(field, error.Field);
        Assert.Equal(line, error.Line);
        Assert.Contains(rule, error.Message, StringComparison.Ordinal);
    }
}
