using System.Text;
using System.Text.Json;

namespace AppLauncher.Core.Parsing;

/// <summary>
/// Parses a JSON file a push brings (package.json, global.json) within <see cref="ParseLimits"/>: size first, then one pass of
/// the non-recursive reader for syntax and depth, so the message names the file, the line and the rule broken.
/// </summary>
public static class JsonLimits
{
    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        // One more level than allowed, so the reader reaches the offending token and this class words the error.
        MaxDepth = ParseLimits.MaxDepth + 1,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    /// <summary>The document, or null with a message naming <paramref name="file"/>, the line and what to do.</summary>
    public static (JsonDocument? Document, string? Error) Parse(string file, string text, bool allowComments = false)
    {
        if (ParseLimits.CheckSize(file, text) is { } tooBig)
        {
            return (null, tooBig);
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        var options = ReaderOptions with
        {
            CommentHandling = allowComments ? JsonCommentHandling.Skip : JsonCommentHandling.Disallow,
            AllowTrailingCommas = allowComments,
        };
        var reader = new Utf8JsonReader(bytes, options);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth >= ParseLimits.MaxDepth)
                {
                    return (null, $"{file} nests arrays and objects more than {ParseLimits.MaxDepth} levels deep (line {LineAt(bytes, reader.TokenStartIndex)}); " +
                                  $"the limit is {ParseLimits.MaxDepth}: flatten the structure");
                }

                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && !IsText(ref reader))
                {
                    return (null, $"{file} has a string with a lone surrogate escape (line {LineAt(bytes, reader.TokenStartIndex)}), such as \\ud800 without its pair: " +
                                  "it is not text; fix the escape");
                }
            }

            return (JsonDocument.Parse(bytes, new JsonDocumentOptions
            {
                MaxDepth = ParseLimits.MaxDepth + 1,
                CommentHandling = options.CommentHandling,
                AllowTrailingCommas = options.AllowTrailingCommas,
            }), null);
        }
        catch (JsonException e)
        {
            return (null, $"{file} is not valid JSON (line {(e.LineNumber ?? 0) + 1}): {Clean(e.Message)} Fix the file and push again.");
        }
    }

    /// <summary>
    /// Whether the string token unescapes to text: "\ud800" alone is valid JSON syntax, but reading it as a string
    /// throws <see cref="InvalidOperationException"/> (documented for GetString), so every later read of it would too.
    /// </summary>
    private static bool IsText(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            return true;
        }

        try
        {
            reader.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static long LineAt(byte[] bytes, long offset) => bytes.AsSpan(0, (int)offset).Count((byte)'\n') + 1;

    /// <summary>System.Text.Json's message without its advice to the programmer and its positions (the line is given).</summary>
    private static string Clean(string message)
    {
        foreach (var cut in new[] { " Change the reader options.", " Path:", " LineNumber:" })
        {
            var at = message.IndexOf(cut, StringComparison.Ordinal);
            message = at >= 0 ? message[..at] : message;
        }

        return message.TrimEnd('.', ' ') + ".";
    }
}
