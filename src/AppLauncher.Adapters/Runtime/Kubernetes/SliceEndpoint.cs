namespace AppLauncher.Runtime.Kubernetes;

/// <summary>One ready address of an EndpointSlice: the Service it serves, <c>ip:port</c>, and the pod behind it (null when it is not a pod).</summary>
public sealed record SliceEndpoint(string Service, string Address, string? Pod);
