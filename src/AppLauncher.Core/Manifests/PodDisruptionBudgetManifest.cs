namespace AppLauncher.Core.Manifests;

/// <summary>Makes the app's PodDisruptionBudget (policy/v1).</summary>
public static class PodDisruptionBudgetManifest
{
    /// <summary>Whether the app gets one: only when it keeps more than one instance (with one, a PDB would block node drains).</summary>
    public static bool IsNeeded(ManifestInput input) => input.Autoscaling.Min > 1;

    /// <summary>At most one web pod evicted at a time by voluntary disruptions (node drains, upgrades).</summary>
    public static OrderedDictionary<string, object?> MakePodDisruptionBudget(ManifestInput input)
    {
        var budget = ObjectMetadata.Head("policy/v1", "PodDisruptionBudget", ManifestNames.Workload(input.App), input, ManifestNames.WebComponent);
        budget["spec"] = new OrderedDictionary<string, object?>
        {
            ["maxUnavailable"] = 1,
            ["selector"] = new OrderedDictionary<string, object?> { ["matchLabels"] = ManifestNames.Selector(input.App) },
        };
        return budget;
    }
}
