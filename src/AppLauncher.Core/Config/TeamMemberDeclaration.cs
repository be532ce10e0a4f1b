namespace AppLauncher.Core.Config;

/// <summary>One entry of <c>identity.teams[].members</c>: a user name and their role in the team.</summary>
public sealed class TeamMemberDeclaration
{
    public string User { get; set; } = "";

    /// <summary>viewer, developer or admin.</summary>
    public string Role { get; set; } = "";
}
