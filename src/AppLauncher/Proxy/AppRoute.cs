namespace AppLauncher.Proxy;

/// <summary>
/// Where an app's traffic goes: one revision and its ready endpoints. Immutable; replaced as a whole.
/// An app with no revision running has a route with no endpoints, so the proxy can say so instead of "no such app".
/// </summary>
public sealed record AppRoute(string App, string? Revision, IReadOnlyList<InstanceEndpoint> Endpoints)
{
    public static AppRoute Empty(string app) => new(app, null, []);
}
