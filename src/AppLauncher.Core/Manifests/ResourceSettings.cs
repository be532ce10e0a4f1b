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

    /// <summary>
    /// What is wrong with these quantities — one that is not a positive quantity, a limit below its request — as the
    /// property it concerns (<c>CpuRequest</c>…) and a message naming the rule and the fix. Empty when they are usable.
    /// </summary>
    public IEnumerable<(string Property, string Message)> Problems()
    {
        foreach (var (property, value) in new[] { (nameof(CpuRequest), CpuRequest), (nameof(CpuLimit), CpuLimit), (nameof(MemoryRequest), MemoryRequest), (nameof(MemoryLimit), MemoryLimit) })
        {
            if (ResourceQuantity.TryParse(value) is not > 0)
            {
                yield return (property, $"'{value}' is not a resource quantity: use e.g. 500m or 1 for CPU, 512Mi or 1Gi for memory");
            }
        }

        if (ResourceQuantity.TryParse(CpuLimit) < ResourceQuantity.TryParse(CpuRequest))
        {
            yield return (nameof(CpuLimit), $"cpu limit {CpuLimit} is below the request {CpuRequest}: raise the limit or lower the request");
        }

        if (ResourceQuantity.TryParse(MemoryLimit) < ResourceQuantity.TryParse(MemoryRequest))
        {
            yield return (nameof(MemoryLimit), $"memory limit {MemoryLimit} is below the request {MemoryRequest}: raise the limit or lower the request");
        }
    }
}
