namespace AppLauncher.Core.Config;

/// <summary>Platform-wide bounds on scaling: <c>autoscaling:</c> in the platform's <c>launcher.yaml</c>.</summary>
public sealed class AutoscalingConfig
{
    /// <summary>The most instances of one revision when its policy says <c>max: 0</c>; 0 turns the default off.</summary>
    public int MaxInstancesPerApp { get; set; } = 10;

    /// <summary>The most instances on the whole platform, every app and revision together; 0 turns the cap off.</summary>
    public int PlatformMaxInstances { get; set; } = 1000;
}
