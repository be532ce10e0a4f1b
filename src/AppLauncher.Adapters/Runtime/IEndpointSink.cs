namespace AppLauncher.Runtime;

/// <summary>One address of an app's revision that a runtime reports ready: a pod, on Kubernetes.</summary>
public sealed record RuntimeEndpoint(string InstanceId, Uri Address);

/// <summary>
/// Takes the ready addresses of an app's revision, as a runtime that places instances itself learns them
/// (<c>KubernetesEndpointSync</c>, from the cluster's EndpointSlices). Each call replaces the whole list for that app
/// and revision (an empty list: none is ready now). Calls come one at a time, from one background task; an
/// implementation returns quickly and does not throw. The proxy's route table implements it: the runtime reports, the
/// proxy consumes, and neither imports the other.
/// </summary>
public interface IEndpointSink
{
    void ReplaceEndpoints(string app, string revision, IReadOnlyList<RuntimeEndpoint> endpoints);
}
