using System.Text;

namespace AppLauncher.Core.Detect;

/// <summary>A source tree held in memory: what a pushed commit's archive or a test's table provides.</summary>
public sealed class InMemorySourceTree : ISourceTree
{
    private readonly Dictionary<string, byte[]> _files;

    public InMemorySourceTree(IEnumerable<KeyValuePair<string, byte[]>> files) =>
        _files = files.ToDictionary(kv => Normalize(kv.Key), kv => kv.Value, StringComparer.Ordinal);

    /// <summary>A tree from path → text pairs.</summary>
    public static InMemorySourceTree FromText(IEnumerable<KeyValuePair<string, string>> files) =>
        new(files.Select(kv => KeyValuePair.Create(kv.Key, Encoding.UTF8.GetBytes(kv.Value))));

    public IEnumerable<string> Files => _files.Keys;

    public bool Exists(string path) => _files.ContainsKey(Normalize(path));

    public string? ReadText(string path) =>
        _files.TryGetValue(Normalize(path), out var bytes) ? Encoding.UTF8.GetString(bytes) : null;

    private static string Normalize(string path) => path.Replace('\\', '/').TrimStart('.', '/');
}
