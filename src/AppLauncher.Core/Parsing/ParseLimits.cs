namespace AppLauncher.Core.Parsing;

/// <summary>
/// Bounds on every file a push brings (and the platform's own launcher.yaml): parsers recurse per nesting level and
/// aliases multiply, so both are checked before a parser builds anything.
/// </summary>
public static class ParseLimits
{
    /// <summary>Largest configuration or manifest file read, in bytes.</summary>
    public const int MaxFileBytes = 1024 * 1024;

    /// <summary>Deepest nesting of lists and maps (YAML), arrays and objects (JSON) or elements (XML).</summary>
    public const int MaxDepth = 64;

    /// <summary>Most YAML nodes a document may stand for once its aliases are expanded.</summary>
    public const int MaxYamlNodes = 100_000;

    /// <summary>"1 MiB": the size limit as a person reads it.</summary>
    public static string MaxFileSizeText => $"{MaxFileBytes / (1024 * 1024)} MiB";

    /// <summary>Null when <paramref name="text"/> fits <see cref="MaxFileBytes"/>, otherwise the message naming the limit.</summary>
    public static string? CheckSize(string file, string text)
    {
        // Counting UTF-8 bytes is linear; skip it when the text cannot reach the limit even at 3 bytes a char.
        var bytes = text.Length * 3 <= MaxFileBytes ? text.Length : System.Text.Encoding.UTF8.GetByteCount(text);
        return bytes > MaxFileBytes
            ? $"{file} is {bytes:N0} bytes; the limit is {MaxFileSizeText} ({MaxFileBytes:N0} bytes): make the file smaller"
            : null;
    }
}
