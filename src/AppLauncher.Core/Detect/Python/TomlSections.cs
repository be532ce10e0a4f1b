using System.Text;
using System.Text.RegularExpressions;

namespace AppLauncher.Core.Detect.Python;

/// <summary>
/// Just enough TOML for pyproject.toml and Pipfile: the keys of a table, and string arrays
/// (<c>dependencies = ["flask>=3", …]</c>, over several lines). Not a general TOML parser.
/// </summary>
public static partial class TomlSections
{
    /// <summary>The raw <c>key = value</c> lines of table <paramref name="table"/>, values joined across lines for arrays.</summary>
    public static IReadOnlyDictionary<string, string> Table(string text, string table)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? current = null;
        string? pendingKey = null;
        // An array spread over lines is gathered in a builder with running bracket counts: joining and recounting the
        // whole value per line is quadratic, and an unclosed '[' followed by 500,000 lines took minutes.
        var pending = new StringBuilder();
        var open = 0;
        foreach (var raw in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = StripComment(raw).Trim();
            if (pendingKey is not null)
            {
                pending.Append(' ').Append(line);
                open += Brackets(line);
                if (open <= 0)
                {
                    result[pendingKey] = pending.ToString().Trim();
                    pendingKey = null;
                }

                continue;
            }

            if (line.StartsWith('['))
            {
                current = line.Trim('[', ']', ' ');
                continue;
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (current != table || eq <= 0)
            {
                continue;
            }

            var key = line[..eq].Trim().Trim('"', '\'');
            var value = line[(eq + 1)..].Trim();
            open = Brackets(value);
            if (open <= 0)
            {
                result[key] = value;
            }
            else
            {
                pendingKey = key;
                pending.Clear().Append(value);
            }
        }

        return result;
    }

    /// <summary>The strings of a TOML array value: <c>["a", 'b']</c> → a, b.</summary>
    public static IReadOnlyList<string> Strings(string value) =>
        QuotedString().Matches(value).Select(m => m.Groups[2].Value).ToList();

    /// <summary>A TOML string value without its quotes, or null when the value is not a string.</summary>
    public static string? String(string value) =>
        QuotedString().Match(value) is { Success: true } m && value.TrimStart().StartsWith(m.Groups[1].Value, StringComparison.Ordinal)
            ? m.Groups[2].Value
            : null;

    /// <summary>Opening minus closing brackets: positive while an array is still open.</summary>
    private static int Brackets(string value) => value.Count(c => c == '[') - value.Count(c => c == ']');

    private static string StripComment(string line)
    {
        var quote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '#')
            {
                return line[..i];
            }
        }

        return line;
    }

    [GeneratedRegex("""(["'])(.*?)\1""")]
    private static partial Regex QuotedString();
}
