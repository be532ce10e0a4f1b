using AppLauncher.Core.Detect;

namespace AppLauncher.Core.Apps;

/// <summary>What will be built: detection's answer, the app config it honoured (if any) and the build root it ran in.</summary>
public sealed record AppPlan(DetectResult Result, AppConfig? Config, string? BuildRoot)
{
    public Detection? Detection => Result.Detection;
}
