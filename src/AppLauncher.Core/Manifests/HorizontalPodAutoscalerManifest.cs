using System.Globalization;
using AppLauncher.Core.Autoscaling;

namespace AppLauncher.Core.Manifests;

/// <summary>
/// Makes the app's HorizontalPodAutoscaler (autoscaling/v2) from its <see cref="AutoscalingPolicy"/>.
/// A step policy "metric &gt;= T for D s → +N, cooldown C s" becomes: a Resource metric with target utilization T,
/// <c>behavior.scaleUp.stabilizationWindowSeconds: D</c> (the HPA scales up only when every recommendation of the last
/// D seconds asked for more) and a policy "at most N Pods per C seconds". Steps with a negative change shape
/// <c>behavior.scaleDown</c> the same way. The README's Kubernetes section documents where this approximates.
/// </summary>
public static class HorizontalPodAutoscalerManifest
{
    /// <summary>CPU target, in percent of the request, when the policy has no CPU or memory step (the HPA's own default, written out).</summary>
    public const int DefaultCpuUtilization = 80;

    private const int MaxWindowSeconds = 3600;
    private const int MaxPeriodSeconds = 1800;

    public static OrderedDictionary<string, object?> MakeHorizontalPodAutoscaler(ManifestInput input)
    {
        var policy = input.Autoscaling;
        var hpa = ObjectMetadata.Head("autoscaling/v2", "HorizontalPodAutoscaler", ManifestNames.Workload(input.App), input, ManifestNames.WebComponent);
        var min = Math.Max(1, policy.Min); // an HPA cannot scale to zero; at zero the proxy sets replicas through /scale
        var max = Math.Max(min, policy.Max > 0 ? policy.Max : input.DefaultMaxReplicas);

        var spec = new OrderedDictionary<string, object?>
        {
            ["scaleTargetRef"] = new OrderedDictionary<string, object?>
            {
                ["apiVersion"] = "apps/v1",
                ["kind"] = "Deployment",
                ["name"] = ManifestNames.Workload(input.App),
            },
            ["minReplicas"] = min,
            ["maxReplicas"] = max,
            ["metrics"] = Metrics(input),
        };

        var behavior = new OrderedDictionary<string, object?>();
        var up = policy.Steps.Where(s => IsResource(s) && s.Change > 0).ToList();
        var down = policy.Steps.Where(s => IsResource(s) && s.Change < 0).ToList();
        if (up.Count > 0)
        {
            behavior["scaleUp"] = Rules(up);
        }

        if (down.Count > 0)
        {
            behavior["scaleDown"] = Rules(down);
        }
        else if (policy.ScaleDownDelaySeconds > 0)
        {
            behavior["scaleDown"] = new OrderedDictionary<string, object?>
            {
                ["stabilizationWindowSeconds"] = Math.Min(policy.ScaleDownDelaySeconds, MaxWindowSeconds),
            };
        }

        if (behavior.Count > 0)
        {
            spec["behavior"] = behavior;
        }

        hpa["spec"] = spec;
        return hpa;
    }

    /// <summary>Step policies an HPA cannot express (request metrics need a metrics adapter), described for the reader.</summary>
    public static IReadOnlyList<string> Unexpressed(AutoscalingPolicy policy) =>
        policy.Steps.Where(s => !IsResource(s) || s.Change == 0)
            .Select(s => string.Create(CultureInfo.InvariantCulture,
                $"step '{s.Metric} {s.Operator} {s.Threshold} for {s.ForSeconds} s → {s.Change:+0;-0;0}' is not in the HPA: it has no {s.Metric} metric without a metrics adapter; AppLauncher's proxy applies it"))
            .ToList();

    private static bool IsResource(StepPolicy step) => step.Metric is ScalingMetrics.Cpu or ScalingMetrics.Memory;

    private static List<object?> Metrics(ManifestInput input)
    {
        var targets = input.Autoscaling.Steps
            .Where(s => IsResource(s) && s.Change > 0)
            .GroupBy(s => s.Metric)
            .Select(g => (Metric: g.Key, Utilization: Utilization(input.Resources, g.Key, g.Min(s => s.Threshold))))
            .ToList();
        if (targets.Count == 0)
        {
            targets.Add((ScalingMetrics.Cpu, DefaultCpuUtilization));
        }

        return targets.Select(t => (object?)new OrderedDictionary<string, object?>
        {
            ["type"] = "Resource",
            ["resource"] = new OrderedDictionary<string, object?>
            {
                ["name"] = t.Metric,
                ["target"] = new OrderedDictionary<string, object?>
                {
                    ["type"] = "Utilization",
                    ["averageUtilization"] = t.Utilization,
                },
            },
        }).ToList();
    }

    /// <summary>
    /// AppLauncher's alarms measure a share of the container's limit; the HPA measures a share of its request.
    /// T % of the limit is T × limit / request % of the request (the same when limit equals request, the default).
    /// </summary>
    public static int Utilization(ResourceSettings resources, string metric, double thresholdOfLimit)
    {
        var (request, limit) = metric == ScalingMetrics.Memory
            ? (ResourceQuantity.TryParse(resources.MemoryRequest), ResourceQuantity.TryParse(resources.MemoryLimit))
            : (ResourceQuantity.TryParse(resources.CpuRequest), ResourceQuantity.TryParse(resources.CpuLimit));
        var ratio = request is > 0 && limit is > 0 ? (double)(limit.Value / request.Value) : 1.0;
        return Math.Max(1, (int)Math.Round(thresholdOfLimit * ratio, MidpointRounding.AwayFromZero));
    }

    private static OrderedDictionary<string, object?> Rules(List<StepPolicy> steps)
    {
        // One window per direction: the longest "for" of the steps, so none fires before its duration.
        var window = Math.Clamp(steps.Max(s => s.ForSeconds), 0, MaxWindowSeconds);
        var policies = steps
            .Select(s => (Value: Math.Abs(s.Change), Period: Math.Clamp(s.CooldownSeconds, 1, MaxPeriodSeconds)))
            .Distinct()
            .Select(p => (object?)new OrderedDictionary<string, object?>
            {
                ["type"] = "Pods",
                ["value"] = p.Value,
                ["periodSeconds"] = p.Period,
            })
            .ToList();
        return new OrderedDictionary<string, object?>
        {
            ["stabilizationWindowSeconds"] = window,
            ["selectPolicy"] = "Max",
            ["policies"] = policies,
        };
    }
}
