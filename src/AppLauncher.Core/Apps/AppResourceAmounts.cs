namespace AppLauncher.Core.Apps;

/// <summary>CPU (<c>500m</c>, <c>1</c>) and memory (<c>512Mi</c>, <c>1Gi</c>) of <c>resources.requests</c> or <c>resources.limits</c>.</summary>
public sealed class AppResourceAmounts
{
    public string? Cpu { get; set; }

    public string? Memory { get; set; }
}
