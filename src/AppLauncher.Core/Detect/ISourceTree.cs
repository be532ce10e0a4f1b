namespace AppLauncher.Core.Detect;

/// <summary>Read-only view of a project's files, with '/'-separated paths relative to the build root.</summary>
public interface ISourceTree
{
    /// <summary>Every file path in the tree.</summary>
    IEnumerable<string> Files { get; }

    bool Exists(string path);

    /// <summary>The file's text, or null when there is no such file.</summary>
    string? ReadText(string path);
}
