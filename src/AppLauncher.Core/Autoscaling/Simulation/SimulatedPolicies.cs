namespace AppLauncher.Core.Autoscaling.Simulation;

/// <summary>The policies every simulation compares: Knative's KPA as it ships, and ours.</summary>
public static class SimulatedPolicies
{
    /// <summary>
    /// Knative Serving's defaults: the same KPA numbers as <see cref="AutoscalingPolicy"/>'s, and no idle tiers — a
    /// pod scaled to zero is deleted, so every wake creates one.
    /// </summary>
    public static AutoscalingPolicy KnativeDefaults() => new() { PausedTierSeconds = 0, StoppedTierSeconds = 0 };

    public static IReadOnlyList<(string Name, AutoscalingPolicy Policy)> Defaults { get; } =
    [
        ("Knative KPA defaults", KnativeDefaults()),
        ("AppLauncher defaults", new AutoscalingPolicy()),
        ("AppLauncher, keepAlive: learned", new AutoscalingPolicy { KeepAlive = KeepAliveModes.Learned }),
    ];
}
