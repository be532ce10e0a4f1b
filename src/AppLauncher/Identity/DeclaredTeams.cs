using AppLauncher.Core.Identity;
using AppLauncher.Settings;
using AppLauncher.Store;

namespace AppLauncher.Identity;

/// <summary>
/// Run at start, before <see cref="LdapMappingCheck"/>: creates the teams <c>identity.teams</c> declares and gives each
/// declared member their role (a change is audited as <c>launcher.yaml</c>). Members not declared are left as they are,
/// so a team can be declared here and grown through the API or the directory.
/// </summary>
public sealed class DeclaredTeams(LauncherSettings settings, IIdentityStore identity, TimeProvider time)
{
    public const string Actor = "launcher.yaml";

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (settings.Config.Identity.Teams.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        foreach (var team in settings.Config.Identity.Teams)
        {
            if (await identity.CreateTeamAsync(team.Name, now, cancellationToken))
            {
                await identity.AddAuditAsync(now, Actor, "team create", null, team.Name, "ok", null, cancellationToken);
            }

            var held = (await identity.ListMembershipsAsync(null, team.Name, cancellationToken)).ToDictionary(m => m.User, m => m.Role, StringComparer.Ordinal);
            foreach (var member in team.Members)
            {
                var role = Roles.Parse(member.Role)!.Value.Name();
                if (held.GetValueOrDefault(member.User) != role)
                {
                    await identity.SetMembershipAsync(team.Name, member.User, role, now, cancellationToken);
                    await identity.AddAuditAsync(now, Actor, "member set", null, $"{member.User} in {team.Name}", "ok: " + role, null, cancellationToken);
                }
            }
        }
    }
}
