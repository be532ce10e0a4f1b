namespace AppLauncher.Proxy;

/// <summary>A revision the proxy serves and its ready endpoints (none while it is at zero). Immutable; replaced as a whole.</summary>
public sealed record RevisionRoute(string App, string Revision, IReadOnlyList<InstanceEndpoint> Endpoints);
