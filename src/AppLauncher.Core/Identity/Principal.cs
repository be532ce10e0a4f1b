namespace AppLauncher.Core.Identity;

/// <summary>
/// Who a valid token speaks for: a user (a platform owner, or a member of teams with a role in each), narrowed by the
/// token's own scope (one team and a role at most, or one app for a deploy token).
/// </summary>
/// <param name="TokenTeam">With <paramref name="TokenRole"/>: a personal token limited to this team and at most this role.</param>
/// <param name="DeployApp">Set for a deploy token: it may push this app and read its logs, nothing else.</param>
public sealed record Principal(string User, bool Owner, IReadOnlyDictionary<string, Role> Teams, string TokenName,
    string? TokenTeam = null, Role? TokenRole = null, string? DeployApp = null)
{
    public bool IsDeployToken => DeployApp is not null;

    /// <summary>The platform owner with a token that is not narrowed.</summary>
    public bool ActsAsOwner => Owner && TokenTeam is null && !IsDeployToken;

    /// <summary>Who made a change, as the audit log and revisions record it.</summary>
    public string Actor => IsDeployToken ? $"deploy token {TokenName} ({DeployApp})" : User;

    /// <summary>The role this token gives in <paramref name="team"/>; null when none.</summary>
    public Role? RoleIn(string team)
    {
        if (IsDeployToken)
        {
            return null;
        }

        Role? own = Owner ? Role.Admin : Teams.TryGetValue(team, out var role) ? role : null;
        if (TokenTeam is null || own is null)
        {
            return own;
        }

        return string.Equals(team, TokenTeam, StringComparison.Ordinal) ? (Role)Math.Min((int)own, (int)(TokenRole ?? Role.Viewer)) : null;
    }

    /// <summary>The teams in which this token has at least <paramref name="role"/> (every team it names, for an owner's token, is not known here).</summary>
    public IReadOnlyList<string> TeamsWith(Role role) =>
        [.. (TokenTeam is null ? Teams.Keys : [TokenTeam]).Where(t => RoleIn(t) >= role).Order(StringComparer.Ordinal)];
}
