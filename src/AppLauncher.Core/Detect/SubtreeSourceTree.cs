namespace AppLauncher.Core.Detect;

/// <summary>A folder of another tree seen as a tree of its own: an app's build root in a monorepo.</summary>
public sealed class SubtreeSourceTree(ISourceTree parent, string root) : ISourceTree
{
    private readonly string _prefix = InMemorySourceTree.Normalize(root).TrimEnd('/') + "/";

    public IEnumerable<string> Files =>
        parent.Files.Where(f => f.StartsWith(_prefix, StringComparison.Ordinal)).Select(f => f[_prefix.Length..]);

    public bool Exists(string path) => parent.Exists(_prefix + InMemorySourceTree.Normalize(path));

    public string? ReadText(string path) => parent.ReadText(_prefix + InMemorySourceTree.Normalize(path));
}
