namespace AppLauncher.Core.Manifests;

/// <summary>The head every object shares: apiVersion, kind and metadata.</summary>
internal static class ObjectMetadata
{
    public static OrderedDictionary<string, object?> Head(
        string apiVersion, string kind, string name, ManifestInput input, string component, bool annotate = true)
    {
        var metadata = new OrderedDictionary<string, object?>
        {
            ["name"] = name,
            ["namespace"] = ManifestNames.Namespace(input.Team),
            ["labels"] = ManifestNames.Labels(input, component),
        };
        if (annotate)
        {
            metadata["annotations"] = ManifestNames.Annotations(input);
        }

        return new OrderedDictionary<string, object?>
        {
            ["apiVersion"] = apiVersion,
            ["kind"] = kind,
            ["metadata"] = metadata,
        };
    }
}
