using AppLauncher.Core.Identity;

namespace AppLauncher.Identity;

/// <summary>Declares the access an endpoint needs, as metadata the API gate reads before the endpoint runs.</summary>
public static class AccessEndpointExtensions
{
    /// <summary>Needs <paramref name="role"/> in the team of the app named by the route value <paramref name="routeValue"/>.</summary>
    public static TBuilder RequireAppRole<TBuilder>(this TBuilder builder, Role role, bool deployTokens = false, string routeValue = "name")
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AccessRule(role, AccessTarget.App, deployTokens, routeValue));

    /// <summary>Needs <paramref name="role"/> in the team named by the route value <paramref name="routeValue"/>.</summary>
    public static TBuilder RequireTeamRole<TBuilder>(this TBuilder builder, Role role, string routeValue = "team")
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AccessRule(role, AccessTarget.Team, RouteValue: routeValue));

    /// <summary>Needs <paramref name="role"/> in some team; the endpoint checks the team it acts on.</summary>
    public static TBuilder RequireAnyTeamRole<TBuilder>(this TBuilder builder, Role role)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AccessRule(role, AccessTarget.AnyTeam));

    /// <summary>The platform owner only.</summary>
    public static TBuilder RequireOwner<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AccessRule(Role.Admin, AccessTarget.Platform));

    /// <summary>Any valid token (a deploy token too when <paramref name="deployTokens"/>): the endpoint shows the caller only their own things.</summary>
    public static TBuilder RequireToken<TBuilder>(this TBuilder builder, bool deployTokens = false)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AccessRule(Role.Viewer, AccessTarget.Self, deployTokens));

    /// <summary>No token needed: a login endpoint, which checks its own credentials and limits failed attempts.</summary>
    public static TBuilder AllowWithoutToken<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AccessRule(Role.Viewer, AccessTarget.Anyone));
}
