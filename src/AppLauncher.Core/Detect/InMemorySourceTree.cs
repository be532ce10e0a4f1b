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

    /// <summary>The file as UTF-8 text; a byte-order mark (editors on Windows write one) is not part of the text.</summary>
    public string? ReadText(string path) =>
        _files.TryGetValue(Normalize(path), out var bytes) ? Encoding.UTF8.GetString(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? bytes.AsSpan(3) : bytes) : null;

    /// <summary>'/'-separated, relative: <c>./a/b</c> and <c>/a/b</c> become <c>a/b</c>; hidden files keep their dot.</summary>
    public static string Normalize(string path)
    {
        var normalized = path.Replace('\\', '/');
        while (normalized.StartsWith("./", StringComparison.Ordinal) || normalized.StartsWith('/'))
        {
            normalized = normalized[(normalized[0] == '/' ? 1 : 2)..];
        }

        return normalized;
    }
}
