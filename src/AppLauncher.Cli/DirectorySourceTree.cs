using AppLauncher.Core.Detect;

namespace AppLauncher.Cli;

/// <summary>
/// Reads a folder on disk (for <c>launcher detect</c> and <c>launcher manifests</c>) into the same in-memory tree a
/// push is read into, so both read every file through one reader; <c>.git</c> is not part of it.
/// </summary>
public static class DirectorySourceTree
{
    public static InMemorySourceTree Load(string root)
    {
        var full = Path.GetFullPath(root);
        return new InMemorySourceTree(Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(full, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith(".git/", StringComparison.Ordinal))
            .Select(f => KeyValuePair.Create(f, File.ReadAllBytes(Path.Combine(full, f)))));
    }
}
