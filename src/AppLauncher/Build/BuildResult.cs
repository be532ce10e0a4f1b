using AppLauncher.Core.Apps;
using AppLauncher.Core.Detect;

namespace AppLauncher.Build;

/// <summary>A built image: its tag, its id, and what detection decided.</summary>
public sealed record BuildResult(string Image, string ImageId, Detection Detection)
{
    /// <summary>The app's own launcher.yaml (kind: App), when it has one.</summary>
    public AppConfig? App { get; init; }

    /// <summary>The text of that launcher.yaml, kept on the revision so nothing later reads git again to learn it.</summary>
    public string? AppFile { get; init; }

    /// <summary>The port the app listens on in its container (the app config's, else the platform's).</summary>
    public int? Port { get; init; }

    /// <summary>The Procfile's <c>release:</c> command: run once per revision before traffic moves.</summary>
    public string? ReleaseCommand { get; init; }

    /// <summary>The Procfile's other process types than <c>web</c> and <c>release</c> (type → command): run without routes.</summary>
    public IReadOnlyDictionary<string, string> Processes { get; init; } = new Dictionary<string, string>();
}
