using AppLauncher.Core.Autoscaling;
using AppLauncher.Core.Manifests;

namespace AppLauncher.Core.Tests.Manifests;

public sealed class HorizontalPodAutoscalerManifestTests
{
    private static readonly StepPolicy CpuAlarm = new()
    {
        Metric = ScalingMetrics.Cpu, Operator = ">=", Threshold = 90, ForSeconds = 300, Change = 2, CooldownSeconds = 60,
    };

    private static OrderedDictionary<string, object?> Spec(ManifestInput input) =>
        (OrderedDictionary<string, object?>)HorizontalPodAutoscalerManifest.MakeHorizontalPodAutoscaler(input)["spec"]!;

    private static object? At(object? node, params object[] path)
    {
        foreach (var step in path)
        {
            node = step is int index ? ((List<object?>)node!)[index] : ((OrderedDictionary<string, object?>)node!)[(string)step];
        }

        return node;
    }

    [Fact]
    public void Make_CpuAlarm_TargetWindowPolicyAndMax()
    {
        var spec = Spec(ManifestCases.Plain with { Autoscaling = new() { Max = 100, Steps = [CpuAlarm] } });

        Assert.Equal(100, spec["maxReplicas"]);
        Assert.Equal("cpu", At(spec, "metrics", 0, "resource", "name"));
        Assert.Equal(90, At(spec, "metrics", 0, "resource", "target", "averageUtilization"));
        Assert.Equal(300, At(spec, "behavior", "scaleUp", "stabilizationWindowSeconds"));
        Assert.Equal("Pods", At(spec, "behavior", "scaleUp", "policies", 0, "type"));
        Assert.Equal(2, At(spec, "behavior", "scaleUp", "policies", 0, "value"));
        Assert.Equal(60, At(spec, "behavior", "scaleUp", "policies", 0, "periodSeconds"));
        Assert.False(((OrderedDictionary<string, object?>)spec["behavior"]!).ContainsKey("scaleDown"));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(3, 3)]
    public void Make_Min_MinReplicasNeverZero(int min, int expected)
    {
        Assert.Equal(expected, Spec(ManifestCases.Plain with { Autoscaling = new() { Min = min } })["minReplicas"]);
    }

    [Fact]
    public void Make_NoMax_PlatformDefaultMax()
    {
        Assert.Equal(7, Spec(ManifestCases.Plain with { DefaultMaxReplicas = 7 })["maxReplicas"]);
    }

    [Fact]
    public void Make_NoResourceStep_DefaultCpuTargetAndNoBehavior()
    {
        var spec = Spec(ManifestCases.Plain);

        Assert.Equal(HorizontalPodAutoscalerManifest.DefaultCpuUtilization, At(spec, "metrics", 0, "resource", "target", "averageUtilization"));
        Assert.False(spec.ContainsKey("behavior"));
    }

    [Fact]
    public void Make_ScaleDownStep_ScaleDownRules()
    {
        var down = new StepPolicy { Metric = ScalingMetrics.Cpu, Operator = "<", Threshold = 20, ForSeconds = 600, Change = -1, CooldownSeconds = 120 };

        var spec = Spec(ManifestCases.Plain with { Autoscaling = new() { Steps = [CpuAlarm, down] } });

        Assert.Equal(600, At(spec, "behavior", "scaleDown", "stabilizationWindowSeconds"));
        Assert.Equal(1, At(spec, "behavior", "scaleDown", "policies", 0, "value"));
        Assert.Equal(120, At(spec, "behavior", "scaleDown", "policies", 0, "periodSeconds"));
    }

    [Fact]
    public void Make_MemoryAndCpuSteps_OneMetricEachLongestWindow()
    {
        var memory = new StepPolicy { Metric = ScalingMetrics.Memory, Threshold = 75, ForSeconds = 120, Change = 1, CooldownSeconds = 30 };

        var spec = Spec(ManifestCases.Plain with { Autoscaling = new() { Steps = [CpuAlarm, memory] } });

        Assert.Equal(["cpu", "memory"], ((List<object?>)spec["metrics"]!).Select(m => At(m, "resource", "name")));
        Assert.Equal(300, At(spec, "behavior", "scaleUp", "stabilizationWindowSeconds"));
        Assert.Equal(2, ((List<object?>)At(spec, "behavior", "scaleUp", "policies")!).Count);
    }

    [Fact]
    public void Make_ScaleDownDelayWithoutSteps_ScaleDownWindow()
    {
        var spec = Spec(ManifestCases.Plain with { Autoscaling = new() { ScaleDownDelaySeconds = 900 } });

        Assert.Equal(900, At(spec, "behavior", "scaleDown", "stabilizationWindowSeconds"));
    }

    [Theory]
    [InlineData("500m", "500m", 90, 90)]
    [InlineData("250m", "1", 90, 360)]
    [InlineData("500m", "750m", 80, 120)]
    public void Utilization_CpuLimitAboveRequest_ScalesThresholdToRequest(string request, string limit, double threshold, int expected)
    {
        var resources = new ResourceSettings { CpuRequest = request, CpuLimit = limit };

        Assert.Equal(expected, HorizontalPodAutoscalerManifest.Utilization(resources, ScalingMetrics.Cpu, threshold));
    }

    [Fact]
    public void Unexpressed_RequestMetricStep_Described()
    {
        var notes = HorizontalPodAutoscalerManifest.Unexpressed(new AutoscalingPolicy
        {
            Steps = [CpuAlarm, new StepPolicy { Metric = ScalingMetrics.P95Latency, Threshold = 250, Change = 1 }],
        });

        var note = Assert.Single(notes);
        Assert.Contains("p95-latency", note, StringComparison.Ordinal);
    }
}
