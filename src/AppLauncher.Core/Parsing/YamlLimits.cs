using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace AppLauncher.Core.Parsing;

/// <summary>
/// Checks a YAML text against <see cref="ParseLimits"/> with YamlDotNet's event parser, which keeps its own stack and does
/// not recurse: the deserializer and the representation model recurse per level and overflow the thread's stack on deep
/// input (30,000 '[' end the process), and expand aliases (a "billion laughs" fills memory).
/// </summary>
public static class YamlLimits
{
    /// <summary>The first limit <paramref name="yaml"/> breaks, with its line, or null when it keeps all of them.</summary>
    /// <exception cref="YamlException">The text is not valid YAML (found before any limit was).</exception>
    public static (int? Line, string Message)? Check(string yaml)
    {
        if (ParseLimits.CheckSize("the file", yaml) is { } tooBig)
        {
            return (null, tooBig);
        }

        var parser = new Parser(new StringReader(yaml));
        var depth = 0;
        long nodes = 0;
        var anchors = new Dictionary<string, long>(StringComparer.Ordinal);
        var open = new Stack<(string? Anchor, long NodesAtStart)>();
        var last = Mark.Empty;
        while (MoveNext(parser, last))
        {
            var current = parser.Current!;
            last = current.End;
            var line = (int)current.Start.Line;
            switch (current)
            {
                case DocumentStart:
                    anchors.Clear();
                    break;
                case AnchorAlias alias:
                    // An alias stands for a copy of its anchor's whole subtree.
                    nodes += anchors.GetValueOrDefault(alias.Value.Value, 1);
                    break;
                case Scalar scalar:
                    nodes++;
                    if (!scalar.Anchor.IsEmpty)
                    {
                        anchors[scalar.Anchor.Value] = 1;
                    }

                    break;
                case NodeEvent start and (SequenceStart or MappingStart):
                    nodes++;
                    if (++depth > ParseLimits.MaxDepth)
                    {
                        return (line, $"nests lists and maps more than {ParseLimits.MaxDepth} levels deep; the limit is {ParseLimits.MaxDepth}: flatten the structure");
                    }

                    open.Push((start.Anchor.IsEmpty ? null : start.Anchor.Value, nodes));
                    break;
                case SequenceEnd or MappingEnd:
                    depth--;
                    var (anchor, atStart) = open.Pop();
                    if (anchor is not null)
                    {
                        anchors[anchor] = nodes - atStart + 1;
                    }

                    break;
            }

            if (nodes > ParseLimits.MaxYamlNodes)
            {
                return (line, $"stands for more than {ParseLimits.MaxYamlNodes:N0} values once its aliases (*name) are expanded; the limit is {ParseLimits.MaxYamlNodes:N0}: write the values out or use fewer aliases");
            }
        }

        return null;
    }

    /// <summary>
    /// The parser's next event. YamlDotNet's scanner throws <see cref="InvalidOperationException"/> on some broken input
    /// (a '[' where a key should start, on a later line than the value before it); that is bad YAML, said as such.
    /// </summary>
    private static bool MoveNext(Parser parser, Mark last)
    {
        try
        {
            return parser.MoveNext();
        }
        catch (InvalidOperationException)
        {
            throw new YamlException(last, last, "the text after this point cannot be read as YAML: check the brackets ('[', '{') and the indentation");
        }
    }
}
