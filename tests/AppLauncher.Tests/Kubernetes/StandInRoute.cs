namespace AppLauncher.Tests.Kubernetes;

/// <summary>A REST path of the Kubernetes API taken apart: group/version, namespace, plural, name, subresource.</summary>
internal sealed record StandInRoute(string Prefix, string ApiVersion, string? Namespace, string Plural, string? Name, string? Subresource)
{
    public string CollectionPath => Namespace is null ? $"{Prefix}/{Plural}" : $"{Prefix}/namespaces/{Namespace}/{Plural}";

    public string ObjectPath => $"{CollectionPath}/{Name}";

    /// <summary>How the server names the resource in messages: <c>deployments.apps</c>, <c>services</c>.</summary>
    public string GroupSuffix => ApiVersion.Contains('/') ? "." + ApiVersion.Split('/')[0] : "";

    public bool Contains(string objectOrCollectionPath) =>
        objectOrCollectionPath == CollectionPath || objectOrCollectionPath[..Math.Max(0, objectOrCollectionPath.LastIndexOf('/'))] == CollectionPath;

    public static string NamespacePath(string ns) => $"/api/v1/namespaces/{ns}";

    public static StandInRoute? Parse(string path)
    {
        var parts = path.Trim('/').Split('/');
        string prefix, apiVersion;
        int rest;
        if (parts is ["api", var coreVersion, ..])
        {
            (prefix, apiVersion, rest) = ($"/api/{coreVersion}", coreVersion, 2);
        }
        else if (parts is ["apis", var group, var version, ..])
        {
            (prefix, apiVersion, rest) = ($"/apis/{group}/{version}", $"{group}/{version}", 3);
        }
        else
        {
            return null;
        }

        var tail = parts[rest..];
        return tail switch
        {
            ["namespaces"] => new(prefix, apiVersion, null, "namespaces", null, null),
            ["namespaces", var ns] => new(prefix, apiVersion, null, "namespaces", ns, null),
            ["namespaces", var ns, var plural] => new(prefix, apiVersion, ns, plural, null, null),
            ["namespaces", var ns, var plural, var name] => new(prefix, apiVersion, ns, plural, name, null),
            ["namespaces", var ns, var plural, var name, var sub] => new(prefix, apiVersion, ns, plural, name, sub),
            [var plural] => new(prefix, apiVersion, null, plural, null, null),
            [var plural, var name] => new(prefix, apiVersion, null, plural, name, null),
            _ => null,
        };
    }
}
