namespace AppLauncher.Core.Detect;

/// <summary>Decides whether one buildpack applies to a project, and computes the facts its template needs.</summary>
public interface IBuildpackDetector
{
    /// <summary>The buildpack's name, as printed and as used in config (e.g. <c>node</c>).</summary>
    string Name { get; }

    /// <summary>What the buildpack looks for, for the message when nothing matches.</summary>
    string LooksFor { get; }

    DetectResult Detect(ISourceTree tree);
}
