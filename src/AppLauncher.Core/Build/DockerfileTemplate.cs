using System.Text;

namespace AppLauncher.Core.Build;

/// <summary>Renders a buildpack's Dockerfile template: <c>{{name}}</c> placeholders are replaced with facts.</summary>
public static class DockerfileTemplate
{
    /// <summary>
    /// Renders <paramref name="template"/>. A line whose placeholders all render empty is dropped, so optional
    /// steps (e.g. <c>RUN {{build}}</c>) vanish when the fact is empty. An unknown placeholder is an error.
    /// </summary>
    public static string Render(string template, IReadOnlyDictionary<string, string> facts)
    {
        var output = new StringBuilder();
        foreach (var line in template.Split('\n'))
        {
            var (rendered, allEmpty) = RenderLine(line, facts);
            if (!allEmpty)
            {
                output.Append(rendered).Append('\n');
            }
        }

        return output.ToString().TrimEnd('\n') + "\n";
    }

    private static (string Line, bool AllPlaceholdersEmpty) RenderLine(string line, IReadOnlyDictionary<string, string> facts)
    {
        var sb = new StringBuilder();
        var placeholders = 0;
        var empty = 0;
        var i = 0;
        while (i < line.Length)
        {
            var open = line.IndexOf("{{", i, StringComparison.Ordinal);
            if (open < 0)
            {
                sb.Append(line, i, line.Length - i);
                break;
            }

            var close = line.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                throw new FormatException($"unclosed '{{{{' in template line: {line.Trim()}");
            }

            sb.Append(line, i, open - i);
            var name = line[(open + 2)..close].Trim();
            if (!facts.TryGetValue(name, out var value))
            {
                throw new FormatException($"template uses '{{{{{name}}}}}', which no fact provides");
            }

            placeholders++;
            if (value.Length == 0)
            {
                empty++;
            }

            sb.Append(value);
            i = close + 2;
        }

        return (sb.ToString(), placeholders > 0 && placeholders == empty);
    }
}
