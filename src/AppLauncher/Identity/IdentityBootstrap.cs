using AppLauncher.Core.Domains;
using AppLauncher.Security;
using AppLauncher.Store;

namespace AppLauncher.Identity;

/// <summary>
/// Run at start, after the store's migrations: the default team exists, and the admin token (the data directory's
/// <c>admin-token</c>, or LAUNCHER_TOKEN) is the token <c>admin-token</c> of the first platform owner, <c>admin</c>.
/// A data directory from before teams keeps working: its apps are in the default team and its token is the owner's.
/// </summary>
public sealed class IdentityBootstrap(IIdentityStore store, IStore apps, TokenHasher hasher, AdminToken adminToken, TeamDomainSet teamDomains, TimeProvider time)
{
    public const string OwnerUser = "admin";

    public const string AdminTokenName = "admin-token";

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await store.CreateTeamAsync(Teams.Default, now, cancellationToken);
        await store.EnsureUserAsync(OwnerUser, owner: true, now, cancellationToken);
        foreach (var team in await store.ListTeamsAsync(cancellationToken))
        {
            teamDomains.Set(team.Name, team.TeamDomains);
        }

        foreach (var app in await apps.ListAppsAsync(cancellationToken))
        {
            teamDomains.SetApp(app.Name, app.Team);
        }

        // Registered once per value: a revoked admin token stays revoked across restarts; a new LAUNCHER_TOKEN is added.
        var hash = hasher.Hash(adminToken.Value);
        if (await store.FindTokenAsync(hash, cancellationToken) is null)
        {
            await store.AddTokenAsync(hash, AdminTokenName, OwnerUser, null, null, null, now, null, cancellationToken);
        }
    }
}
