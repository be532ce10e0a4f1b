namespace AppLauncher.Core.Config;

/// <summary>
/// One entry of <c>identity.teams</c>: a team the server creates at start (if missing) and the members it gives their
/// role. Members added through the API or the directory are left alone; a declared member's role is set at each start.
/// </summary>
public sealed class TeamDeclaration
{
    /// <summary>The team's name, a DNS label (it may appear in app hosts: domains.teamTemplate).</summary>
    public string Name { get; set; } = "";

    public List<TeamMemberDeclaration> Members { get; set; } = [];
}
