namespace AppLauncher.Core.Manifests;

/// <summary>Makes the app's ServiceAccount (v1).</summary>
public static class ServiceAccountManifest
{
    /// <summary>An identity of its own per app, with no API token mounted: apps do not talk to the API server.</summary>
    public static OrderedDictionary<string, object?> MakeServiceAccount(ManifestInput input)
    {
        var account = ObjectMetadata.Head("v1", "ServiceAccount", ManifestNames.ServiceAccount(input.App), input, ManifestNames.WebComponent, annotate: false);
        account["automountServiceAccountToken"] = false;
        return account;
    }
}
