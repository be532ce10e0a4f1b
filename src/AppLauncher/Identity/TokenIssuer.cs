using AppLauncher.Core.Identity;
using AppLauncher.Security;
using AppLauncher.Store;

namespace AppLauncher.Identity;

/// <summary>What a caller asks for in a new token.</summary>
public sealed record TokenRequest(string? Name, string? Team = null, string? Role = null, string? App = null, string? Expires = null, string? User = null);

/// <summary>A token just made: its value is shown this once and never stored.</summary>
public sealed record IssuedToken(string Token, long Id, string Name, string User, string? Team, string? Role, string? App, DateTimeOffset? ExpiresAt);

/// <summary>
/// Issues tokens no wider than the caller's own: a narrowed token only within its team and role; a deploy token
/// for an app where the caller is a developer; a token for another user only by an owner.
/// </summary>
internal sealed class TokenIssuer(IIdentityStore identity, IStore store, TokenHasher hasher, TimeProvider time)
{
    private const int MaxName = 64;

    public async Task<(IssuedToken? Token, int Status, string? Error)> IssueAsync(Principal caller, TokenRequest request, CancellationToken cancellationToken)
    {
        var name = request.Name?.Trim() ?? "";
        if (name.Length is 0 or > MaxName || name.Any(char.IsControl))
        {
            return (null, 400, "name the token (--name laptop): 1 to 64 characters, no control characters");
        }

        var (lifetime, lifetimeError) = TokenLifetime.Parse(request.Expires);
        if (lifetimeError is not null)
        {
            return (null, 400, lifetimeError);
        }

        if (caller.IsDeployToken)
        {
            return (null, 403, "a deploy token cannot make tokens: use a personal token");
        }

        var user = request.User ?? caller.User;
        if (user != caller.User && !caller.ActsAsOwner)
        {
            return (null, 403, $"only a platform owner can make tokens for another user ({user})");
        }

        if (user != caller.User && await identity.GetUserAsync(user, cancellationToken) is null)
        {
            return (null, 404, $"no user named '{user}': add them to a team first (launcher teams add <team> {user} --role developer)");
        }

        Role? role = null;
        if (request.App is { } app)
        {
            if (request.Team is not null || request.Role is not null)
            {
                return (null, 400, "a deploy token (--app) has a fixed scope: push and read logs of that app; leave out --team and --role");
            }

            var record = await store.GetAppAsync(app, cancellationToken);
            if (record is null)
            {
                return (null, 404, $"no app named '{app}'");
            }

            if (!caller.ActsAsOwner && caller.RoleIn(record.Team) < Role.Developer)
            {
                return (null, 403, $"a deploy token of {app} needs the developer role in team '{record.Team}'");
            }
        }
        else if (request.Team is not null || request.Role is not null)
        {
            if (request.Team is null || request.Role is null)
            {
                return (null, 400, "a narrowed token names both --team and --role");
            }

            role = Roles.Parse(request.Role);
            if (role is null)
            {
                return (null, 400, $"role '{request.Role}' does not exist: use {Roles.Known}");
            }

            if (!(await identity.ListTeamsAsync(cancellationToken)).Any(t => t.Name == request.Team))
            {
                return (null, 404, $"no team named '{request.Team}'");
            }

            // The new token's user must hold the role; the caller must hold it too (an owner holds every role).
            var holder = user == caller.User ? caller : null;
            if (holder is not null && holder.RoleIn(request.Team) < role)
            {
                return (null, 403, $"a token with {request.Role} in team '{request.Team}' needs that role there; {caller.User} has {caller.RoleIn(request.Team)?.Name() ?? "no role"}");
            }
        }
        else if (caller.TokenTeam is not null)
        {
            return (null, 403, $"this token is narrowed to team '{caller.TokenTeam}': a token it makes must be too (--team {caller.TokenTeam} --role {caller.TokenRole?.Name()})");
        }

        var value = TokenHasher.Generate();
        var now = time.GetUtcNow();
        DateTimeOffset? expires = lifetime is { } l ? now + l : null;
        var stored = await identity.AddTokenAsync(hasher.Hash(value), name, user, request.App is null ? request.Team : null, role?.Name(), request.App, now, expires, cancellationToken);
        return (new IssuedToken(value, stored.Id, stored.Name, stored.User, stored.Team, stored.Role, stored.App, stored.ExpiresAt), 201, null);
    }
}
