using AppLauncher.Core.Manifests;

namespace AppLauncher.Core.Apps;

/// <summary>
/// The <c>resources:</c> section of an app's <c>launcher.yaml</c>: CPU and memory as Kubernetes quantities. A side that
/// is left out takes the other side's value (limits equal requests), and both default to the platform's
/// (<see cref="ResourceSettings"/>).
/// </summary>
public sealed class AppResourcesConfig
{
    /// <summary>What the scheduler reserves for the app.</summary>
    public AppResourceAmounts Requests { get; set; } = new();

    /// <summary>What the app may use at most: CPU above it is throttled, memory above it ends the container.</summary>
    public AppResourceAmounts Limits { get; set; } = new();

    /// <summary>The quantities the manifests use, after the defaults.</summary>
    public ResourceSettings Resolve()
    {
        var defaults = new ResourceSettings();
        return new ResourceSettings
        {
            CpuRequest = Requests.Cpu ?? Limits.Cpu ?? defaults.CpuRequest,
            CpuLimit = Limits.Cpu ?? Requests.Cpu ?? defaults.CpuLimit,
            MemoryRequest = Requests.Memory ?? Limits.Memory ?? defaults.MemoryRequest,
            MemoryLimit = Limits.Memory ?? Requests.Memory ?? defaults.MemoryLimit,
        };
    }
}
