namespace AppLauncher.Core.Manifests;

/// <summary>Makes a team's Namespace (v1): one per team, holding the team's apps.</summary>
public static class NamespaceManifest
{
    public static OrderedDictionary<string, object?> MakeNamespace(string team) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Namespace",
        ["metadata"] = new OrderedDictionary<string, object?>
        {
            ["name"] = ManifestNames.Namespace(team),
            ["labels"] = new OrderedDictionary<string, object?>
            {
                [ManifestNames.ManagedByLabel] = ManifestNames.FieldManager,
                [ManifestNames.TeamLabel] = team,
                // Apps run with the restricted Pod Security Standard; the manifests meet it.
                ["pod-security.kubernetes.io/enforce"] = "restricted",
            },
        },
    };
}
