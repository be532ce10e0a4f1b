using System.Text.Json.Nodes;
using AppLauncher.Runtime.Kubernetes;

namespace AppLauncher.Tests.Kubernetes;

/// <summary>EndpointSlices as the EndpointSlice controller writes them, for seeding <see cref="KubernetesApiStandIn"/>.</summary>
internal static class StandInEndpointSlices
{
    public static string Path(string ns, string name) => $"/apis/discovery.k8s.io/v1/namespaces/{ns}/endpointslices/{name}";

    /// <summary>A slice of the Service <paramref name="service"/>, port <c>http</c> 8080, with one endpoint per pod.</summary>
    public static JsonObject Make(string ns, string name, string service, params (string Pod, string Ip, bool Ready, bool Terminating)[] endpoints) => new()
    {
        ["apiVersion"] = "discovery.k8s.io/v1",
        ["kind"] = "EndpointSlice",
        ["metadata"] = new JsonObject
        {
            ["name"] = name, ["namespace"] = ns,
            ["labels"] = new JsonObject { [EndpointSliceWatcher.ServiceNameLabel] = service, ["endpointslice.kubernetes.io/managed-by"] = "endpointslice-controller.k8s.io" },
        },
        ["addressType"] = "IPv4",
        ["endpoints"] = new JsonArray(endpoints.Select(e => (JsonNode)new JsonObject
        {
            ["addresses"] = new JsonArray(e.Ip),
            // While a pod terminates, ready is false and serving says whether it still answers.
            ["conditions"] = new JsonObject { ["ready"] = e.Ready, ["serving"] = e.Ready || e.Terminating, ["terminating"] = e.Terminating },
            ["targetRef"] = new JsonObject { ["kind"] = "Pod", ["namespace"] = ns, ["name"] = e.Pod },
        }).ToArray()),
        ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["port"] = 8080, ["protocol"] = "TCP" }),
    };
}
