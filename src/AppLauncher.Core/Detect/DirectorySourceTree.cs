namespace AppLauncher.Core.Detect;

/// <summary>A source tree on disk (used by <c>launcher detect</c>); <c>.git</c> is not part of it.</summary>
public sealed class DirectorySourceTree(string root) : ISourceTree
{
    private readonly string _root = Path.GetFullPath(root);

    public IEnumerable<string> Files =>
        Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(_root, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith(".git/", StringComparison.Ordinal));

    public bool Exists(string path) => File.Exists(Resolve(path));

    public string? ReadText(string path)
    {
        var full = Resolve(path);
        return File.Exists(full) ? File.ReadAllText(full) : null;
    }

    private string Resolve(string path) => Path.Combine(_root, path.TrimStart('/'));
}
