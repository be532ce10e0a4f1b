namespace AppLauncher.Core.Identity;

/// <summary>Decides whether a token may do what an endpoint's <see cref="AccessRule"/> says, from the target's team alone: no I/O.</summary>
public static class AccessDecider
{
    /// <param name="team">The team of the rule's app (null when no such app exists) or the named team.</param>
    /// <param name="app">The app the route names, for deploy tokens.</param>
    public static AccessDecision Decide(Principal principal, AccessRule rule, string? team, string? app)
    {
        if (rule.Target == AccessTarget.Anyone)
        {
            return AccessDecision.Allow;
        }

        if (principal.IsDeployToken)
        {
            return rule.DeployTokens && (rule.Target == AccessTarget.Self || (rule.Target == AccessTarget.App && string.Equals(app, principal.DeployApp, StringComparison.Ordinal)))
                ? AccessDecision.Allow
                : new AccessDecision(false,
                    $"Token '{principal.TokenName}' is a deploy token of {principal.DeployApp}: it can push {principal.DeployApp} and read its logs, nothing else. Use a personal token (launcher tokens create).",
                    rule.Target == AccessTarget.Platform ? "owner" : rule.Role.Name(), team);
        }

        switch (rule.Target)
        {
            case AccessTarget.Self:
                return AccessDecision.Allow;
            case AccessTarget.Platform:
                return principal.ActsAsOwner
                    ? AccessDecision.Allow
                    : new AccessDecision(false, $"This needs the platform owner role; {Describe(principal)}.", "owner");
            case AccessTarget.App or AccessTarget.Team when team is not null:
                var has = principal.RoleIn(team);
                return has >= rule.Role
                    ? AccessDecision.Allow
                    : new AccessDecision(false,
                        $"This needs the {rule.Role.Name()} role in team '{team}'" + (app is null ? "" : $" (the team of {app})") +
                        $"; token '{principal.TokenName}' of {principal.User} " + (has is { } r ? $"has {r.Name()} there." : "has no role there.") +
                        $" A team admin can add you: launcher teams add {team} {principal.User} --role {rule.Role.Name()}.",
                        rule.Role.Name(), team);
            default:
                // No such app (or team): the endpoint answers 404, but only to someone who could act on one.
                return principal.ActsAsOwner || principal.TeamsWith(rule.Role).Count > 0
                    ? AccessDecision.Allow
                    : new AccessDecision(false, $"This needs the {rule.Role.Name()} role in a team; {Describe(principal)}.", rule.Role.Name());
        }
    }

    private static string Describe(Principal principal)
    {
        var teams = principal.TokenTeam is null ? principal.Teams.Keys.Order(StringComparer.Ordinal).ToList() : [principal.TokenTeam];
        var roles = string.Join(", ", teams.Select(t => $"{principal.RoleIn(t)?.Name() ?? "none"} in {t}"));
        return $"token '{principal.TokenName}' of {principal.User} has " + (roles.Length == 0 ? "no team role" : roles);
    }
}
