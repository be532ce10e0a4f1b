namespace AppLauncher.Core.Manifests;

/// <summary>
/// CPU and memory an app's container asks for (requests) and may use (limits), as Kubernetes quantities.
/// The defaults set limits equal to requests, so the scheduler reserves what the app may use, memory cannot be
/// overcommitted, and "percent of the limit" (AppLauncher's alarms) equals "percent of the request" (the HPA's).
/// </summary>
public sealed record ResourceSettings
{
    public string CpuRequest { get; init; } = "500m";

    public string CpuLimit { get; init; } = "500m";

    public string MemoryRequest { get; init; } = "512Mi";

    public string MemoryLimit { get; init; } = "512Mi";
}
