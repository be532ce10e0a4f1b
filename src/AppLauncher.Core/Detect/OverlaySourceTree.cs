namespace AppLauncher.Core.Detect;

/// <summary>A tree with some files replaced or added in memory (an app config's start command as a Procfile line).</summary>
public sealed class OverlaySourceTree(ISourceTree tree, IReadOnlyDictionary<string, string> overlay) : ISourceTree
{
    public IEnumerable<string> Files => tree.Files.Union(overlay.Keys);

    public bool Exists(string path) => overlay.ContainsKey(InMemorySourceTree.Normalize(path)) || tree.Exists(path);

    public string? ReadText(string path) =>
        overlay.TryGetValue(InMemorySourceTree.Normalize(path), out var text) ? text : tree.ReadText(path);
}
