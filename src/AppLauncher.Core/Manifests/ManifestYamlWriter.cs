using System.Text;
using YamlDotNet.Serialization;

namespace AppLauncher.Core.Manifests;

/// <summary>Writes manifests as multi-document YAML that <c>kubectl apply -f -</c> accepts.</summary>
public static class ManifestYamlWriter
{
    private static readonly ISerializer Serializer = new SerializerBuilder()
        .WithQuotingNecessaryStrings() // "8080" or "true" as env values must stay strings
        .DisableAliases()
        .Build();

    /// <summary>One document per object, separated by <c>---</c>; notes first, as comments.</summary>
    public static string Write(ManifestSet manifests, IEnumerable<string>? headerComments = null)
    {
        var text = new StringBuilder();
        foreach (var line in (headerComments ?? []).Concat(manifests.Notes))
        {
            text.Append("# ").Append(line.ReplaceLineEndings(" ")).Append('\n');
        }

        foreach (var manifest in manifests.Objects)
        {
            text.Append("---\n").Append(Write(manifest));
        }

        return text.ToString();
    }

    /// <summary>One object as a YAML document (no separator).</summary>
    public static string Write(OrderedDictionary<string, object?> manifest) =>
        Serializer.Serialize(manifest).ReplaceLineEndings("\n");
}
