using YamlDotNet.RepresentationModel;

namespace AppLauncher.Core.Config;

/// <summary>Finds the line of a field (a dotted path such as <c>deploy.readyTimeoutSeconds</c>) in a YAML document.</summary>
public sealed class YamlLocator
{
    private readonly YamlNode? _root;

    private YamlLocator(YamlNode? root) => _root = root;

    public static YamlLocator Parse(string yaml)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(yaml);
        stream.Load(reader);
        return new YamlLocator(stream.Documents.Count > 0 ? stream.Documents[0].RootNode : null);
    }

    /// <summary>
    /// The 1-based line of the deepest node on <paramref name="path"/> that exists, or null. A part may index a list,
    /// as FluentValidation names items: <c>cron[1].schedule</c>.
    /// </summary>
    public int? LineOf(string path)
    {
        var node = _root;
        int? line = null;
        foreach (var part in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            var key = bracket < 0 ? part : part[..bracket];
            if (node is not YamlMappingNode map)
            {
                break;
            }

            var entry = map.Children.FirstOrDefault(kv =>
                kv.Key is YamlScalarNode k && string.Equals(k.Value, key, StringComparison.OrdinalIgnoreCase));
            if (entry.Key is null)
            {
                break;
            }

            line = (int)entry.Key.Start.Line;
            node = entry.Value;
            if (bracket >= 0 && int.TryParse(part.AsSpan(bracket + 1, part.Length - bracket - 2), out var index))
            {
                if (node is not YamlSequenceNode list || index >= list.Children.Count)
                {
                    break;
                }

                node = list.Children[index];
                line = (int)node.Start.Line;
            }
        }

        return line;
    }
}
