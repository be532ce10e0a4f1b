namespace AppLauncher.Core.Manifests;

/// <summary>Makes the app's Service (v1, ClusterIP).</summary>
public static class ServiceManifest
{
    /// <summary>A ClusterIP Service on port 80 in front of the app's web pods; its EndpointSlices tell the proxy where they are.</summary>
    public static OrderedDictionary<string, object?> MakeService(ManifestInput input)
    {
        var service = ObjectMetadata.Head("v1", "Service", ManifestNames.Workload(input.App), input, ManifestNames.WebComponent);
        service["spec"] = new OrderedDictionary<string, object?>
        {
            ["type"] = "ClusterIP",
            ["selector"] = ManifestNames.Selector(input.App),
            ["ports"] = new List<object?>
            {
                new OrderedDictionary<string, object?>
                {
                    ["name"] = ManifestNames.PortName,
                    ["port"] = ManifestNames.ServicePort,
                    ["targetPort"] = ManifestNames.PortName,
                    ["protocol"] = "TCP",
                },
            },
        };
        return service;
    }
}
