using AppLauncher.Core.Detect;

namespace AppLauncher.Core.Tests;

/// <summary>A fixture folder read into the in-memory tree pushes are read into (the core does no file I/O itself).</summary>
internal static class FixtureTree
{
    public static InMemorySourceTree Load(string root) =>
        new(Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => KeyValuePair.Create(Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllBytes(f))));
}
