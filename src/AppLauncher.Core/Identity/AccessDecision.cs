namespace AppLauncher.Core.Identity;

/// <summary>Allowed, or refused with the reason, the role needed and the team it is needed in.</summary>
public sealed record AccessDecision(bool Allowed, string? Reason = null, string? NeededRole = null, string? Team = null)
{
    public static readonly AccessDecision Allow = new(true);
}
