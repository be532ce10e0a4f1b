namespace AppLauncher.Proxy;

/// <summary>Where an app's traffic goes: one revision and its ready endpoints. Immutable; replaced as a whole.</summary>
public sealed record AppRoute(string App, string Revision, IReadOnlyList<InstanceEndpoint> Endpoints);
