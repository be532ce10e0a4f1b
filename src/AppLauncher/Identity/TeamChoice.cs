using AppLauncher.Core.Identity;
using AppLauncher.Store;

namespace AppLauncher.Identity;

/// <summary>The team a new app goes to: the one named (where the caller is a developer), else the caller's only team.</summary>
public static class TeamChoice
{
    public static (string? Team, (int Status, string Message)? Refusal) ForNewApp(Principal caller, string? named, string app)
    {
        if (named is not null)
        {
            return caller.ActsAsOwner || caller.RoleIn(named) >= Role.Developer
                ? (named, null)
                : (null, (StatusCodes.Status403Forbidden, $"Creating {app} in team '{named}' needs the developer role there; {caller.User} has {caller.RoleIn(named)?.Name() ?? "no role"} in it."));
        }

        if (caller.ActsAsOwner)
        {
            return (Teams.Default, null);
        }

        var teams = caller.TeamsWith(Role.Developer);
        return teams.Count switch
        {
            1 => (teams[0], null),
            0 => (null, (StatusCodes.Status403Forbidden, $"Creating {app} needs the developer role in a team; {caller.User} has none.")),
            _ => (null, (StatusCodes.Status400BadRequest,
                $"{caller.User} is a developer in {string.Join(", ", teams)}: say which team {app} belongs to, with 'launcher apps create {app} --team <team>'.")),
        };
    }
}
