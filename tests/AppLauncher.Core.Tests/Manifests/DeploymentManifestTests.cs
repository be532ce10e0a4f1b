using AppLauncher.Core.Manifests;

namespace AppLauncher.Core.Tests.Manifests;

public sealed class DeploymentManifestTests
{
    private static object? At(object? node, params object[] path)
    {
        foreach (var step in path)
        {
            node = step is int index ? ((List<object?>)node!)[index] : ((OrderedDictionary<string, object?>)node!)[(string)step];
        }

        return node;
    }

    private static object? Container(ManifestInput input, params object[] path) =>
        At(DeploymentManifest.MakeDeployment(input), ["spec", "template", "spec", "containers", 0, .. path]);

    [Theory]
    [InlineData("startupProbe")]
    [InlineData("readinessProbe")]
    [InlineData("livenessProbe")]
    public void MakeDeployment_NoHealthPath_TcpProbes(string probe)
    {
        var node = (OrderedDictionary<string, object?>)Container(ManifestCases.Plain, probe)!;

        Assert.Equal("http", At(node, "tcpSocket", "port"));
        Assert.False(node.ContainsKey("httpGet"));
    }

    [Theory]
    [InlineData("startupProbe")]
    [InlineData("readinessProbe")]
    [InlineData("livenessProbe")]
    public void MakeDeployment_HealthPath_HttpProbes(string probe)
    {
        var node = Container(ManifestCases.Plain with { HealthCheckPath = "/ready" }, probe);

        Assert.Equal("/ready", At(node, "httpGet", "path"));
    }

    [Fact]
    public void MakeDeployment_StartupTimeout_StartupProbeAllowsIt()
    {
        var probe = Container(ManifestCases.Plain with { StartupTimeoutSeconds = 120 }, "startupProbe");

        Assert.Equal(120, (int)At(probe, "periodSeconds")! * (int)At(probe, "failureThreshold")!);
    }

    [Fact]
    public void MakeDeployment_Any_NoReplicasSoScaleIsNotReset()
    {
        var spec = (OrderedDictionary<string, object?>)DeploymentManifest.MakeDeployment(ManifestCases.Plain)["spec"]!;

        Assert.False(spec.ContainsKey("replicas"));
        Assert.Equal(0, At(spec, "strategy", "rollingUpdate", "maxUnavailable"));
    }

    [Fact]
    public void MakeDeployment_Any_HardenedSecurityContext()
    {
        var deployment = DeploymentManifest.MakeDeployment(ManifestCases.Plain);

        Assert.Equal(true, At(deployment, "spec", "template", "spec", "securityContext", "runAsNonRoot"));
        Assert.Equal("RuntimeDefault", At(deployment, "spec", "template", "spec", "securityContext", "seccompProfile", "type"));
        Assert.Equal(false, Container(ManifestCases.Plain, "securityContext", "allowPrivilegeEscalation"));
        Assert.Equal(["ALL"], (List<object?>)Container(ManifestCases.Plain, "securityContext", "capabilities", "drop")!);
        Assert.Equal(false, Container(ManifestCases.Plain, "securityContext", "readOnlyRootFilesystem"));
    }

    [Fact]
    public void MakeDeployment_ReadOnlyRoot_WritableTmp()
    {
        var input = ManifestCases.Plain with { ReadOnlyRootFilesystem = true };

        Assert.Equal(true, Container(input, "securityContext", "readOnlyRootFilesystem"));
        Assert.Equal("/tmp", Container(input, "volumeMounts", 0, "mountPath"));
    }

    [Fact]
    public void MakeDeployment_PreStopAndGrace_FromInput()
    {
        var input = ManifestCases.Plain with { PreStopSleepSeconds = 10, TerminationGracePeriodSeconds = 45 };

        Assert.Equal(10, Container(input, "lifecycle", "preStop", "sleep", "seconds"));
        Assert.Equal(45, At(DeploymentManifest.MakeDeployment(input), "spec", "template", "spec", "terminationGracePeriodSeconds"));
    }

    [Fact]
    public void MakeDeployment_EnvWithPort_PortFirstAndNotOverridden()
    {
        var input = ManifestCases.Plain with { Port = 5000, Env = new Dictionary<string, string> { ["PORT"] = "1", ["B"] = "2", ["A"] = "1" } };

        var names = ((List<object?>)Container(input, "env")!).Select(e => At(e, "name")).ToList();

        Assert.Equal(["PORT", "A", "B"], names);
        Assert.Equal("5000", Container(input, "env", 0, "value"));
    }
}
