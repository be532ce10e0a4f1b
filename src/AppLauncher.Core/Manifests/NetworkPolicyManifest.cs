namespace AppLauncher.Core.Manifests;

/// <summary>Makes the app's NetworkPolicy (networking.k8s.io/v1).</summary>
public static class NetworkPolicyManifest
{
    /// <summary>Admits traffic to the app's web pods only from AppLauncher's proxy pods, and only on the app's port.</summary>
    public static OrderedDictionary<string, object?> MakeNetworkPolicy(ManifestInput input)
    {
        var policy = ObjectMetadata.Head("networking.k8s.io/v1", "NetworkPolicy", ManifestNames.Workload(input.App), input, ManifestNames.WebComponent);
        policy["spec"] = new OrderedDictionary<string, object?>
        {
            ["podSelector"] = new OrderedDictionary<string, object?> { ["matchLabels"] = ManifestNames.Selector(input.App) },
            ["policyTypes"] = new List<object?> { "Ingress" },
            ["ingress"] = new List<object?>
            {
                new OrderedDictionary<string, object?>
                {
                    ["from"] = new List<object?>
                    {
                        new OrderedDictionary<string, object?>
                        {
                            // Both selectors in one peer: pods named applauncher *in* the platform namespace.
                            ["namespaceSelector"] = new OrderedDictionary<string, object?>
                            {
                                ["matchLabels"] = new OrderedDictionary<string, object?> { ["kubernetes.io/metadata.name"] = input.ProxyNamespace },
                            },
                            ["podSelector"] = new OrderedDictionary<string, object?>
                            {
                                ["matchLabels"] = new OrderedDictionary<string, object?> { [ManifestNames.NameLabel] = ManifestNames.ProxyName },
                            },
                        },
                    },
                    ["ports"] = new List<object?>
                    {
                        new OrderedDictionary<string, object?> { ["port"] = ManifestNames.PortName, ["protocol"] = "TCP" },
                    },
                },
            },
        };
        return policy;
    }
}
