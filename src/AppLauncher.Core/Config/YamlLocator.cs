using YamlDotNet.RepresentationModel;

namespace AppLauncher.Core.Config;

/// <summary>Finds the line of a field (a dotted path such as <c>deploy.readyTimeoutSeconds</c>) in a YAML document.</summary>
internal sealed class YamlLocator
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

    /// <summary>The 1-based line of the deepest node on <paramref name="path"/> that exists, or null.</summary>
    public int? LineOf(string path)
    {
        var node = _root;
        int? line = null;
        foreach (var part in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            if (node is not YamlMappingNode map)
            {
                break;
            }

            var entry = map.Children.FirstOrDefault(kv =>
                kv.Key is YamlScalarNode key && string.Equals(key.Value, part, StringComparison.OrdinalIgnoreCase));
            if (entry.Key is null)
            {
                break;
            }

            line = (int)entry.Key.Start.Line;
            node = entry.Value;
        }

        return line;
    }
}
