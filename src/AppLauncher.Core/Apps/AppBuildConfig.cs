namespace AppLauncher.Core.Apps;

/// <summary>The <c>build:</c> section of an app's <c>launcher.yaml</c>.</summary>
public sealed class AppBuildConfig
{
    /// <summary>Folder (relative to the repository root) that is the app: detection and the build context start there. Monorepos.</summary>
    public string? Root { get; set; }

    /// <summary>Buildpack to use instead of detection: node, python, go, dotnet, java, static or dockerfile.</summary>
    public string? Buildpack { get; set; }

    /// <summary>Path of the Dockerfile (relative to the build root) when it is not <c>Dockerfile</c>; implies the dockerfile buildpack.</summary>
    public string? Dockerfile { get; set; }
}
