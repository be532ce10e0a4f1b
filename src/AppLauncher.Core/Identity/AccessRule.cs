namespace AppLauncher.Core.Identity;

/// <summary>What an access rule is about: the team of an app, a named team, any team, the platform, or the caller alone.</summary>
public enum AccessTarget
{
    /// <summary>The team of the app named by a route value.</summary>
    App,

    /// <summary>The team named by a route value.</summary>
    Team,

    /// <summary>At least one team (the endpoint narrows it once it knows which, e.g. creating an app).</summary>
    AnyTeam,

    /// <summary>The platform as a whole: the owner only.</summary>
    Platform,

    /// <summary>Only the caller's own things (whoami, their tokens): any valid token.</summary>
    Self,

    /// <summary>No token at all: logging in to get one (the endpoint checks its own credentials and limits attempts).</summary>
    Anyone,
}

/// <summary>
/// The access an endpoint needs, as endpoint metadata: decided from the route before the body is read. An endpoint
/// under <c>/api</c> without one is refused.
/// </summary>
/// <param name="DeployTokens">Whether a deploy token of the app may call it (pushing and reading logs only).</param>
/// <param name="RouteValue">The route value naming the app or team.</param>
public sealed record AccessRule(Role Role, AccessTarget Target, bool DeployTokens = false, string RouteValue = "name")
{
    public override string ToString() => Target switch
    {
        AccessTarget.Platform => "owner",
        AccessTarget.Self => "any token",
        AccessTarget.Anyone => "no token (a login)",
        AccessTarget.AnyTeam => $"{Role.Name()} in some team",
        AccessTarget.Team => $"{Role.Name()} of the team",
        _ => $"{Role.Name()} of the app's team" + (DeployTokens ? ", or its deploy token" : ""),
    };
}
