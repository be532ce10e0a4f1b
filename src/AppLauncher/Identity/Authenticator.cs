using AppLauncher.Core.Identity;
using AppLauncher.Security;
using AppLauncher.Store;

namespace AppLauncher.Identity;

/// <summary>
/// Turns a presented token into a <see cref="Principal"/>: looked up by its keyed hash (the hash is compared again in
/// constant time), refused with the reason when it is revoked or expired; its last use is recorded at most once a minute.
/// Tokens carry 256 random bits, so guessing is not throttled here.
/// </summary>
internal sealed class Authenticator(IIdentityStore store, TokenHasher hasher, TimeProvider time)
{
    private static readonly TimeSpan TouchEvery = TimeSpan.FromMinutes(1);

    public async Task<AuthResult> AuthenticateAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var presented = PresentedToken.Of(request);
        if (string.IsNullOrEmpty(presented))
        {
            return AuthResult.Fail("No token: pass one as 'Authorization: Bearer <token>' (the CLI: launcher login, or LAUNCHER_TOKEN; git: http://launcher:<token>@host/<app>.git).");
        }

        var hash = hasher.Hash(presented);
        var token = await store.FindTokenAsync(hash, cancellationToken);
        if (token is null || !hasher.Matches(presented, hash))
        {
            return AuthResult.Fail("Unknown token: it was never issued here (or its server key changed). Create one with 'launcher tokens create', or log in with 'launcher login'.");
        }

        var now = time.GetUtcNow();
        if (token.RevokedAt is { } revoked)
        {
            return AuthResult.Fail($"Token '{token.Name}' of {token.User} was revoked at {revoked:u}: create a new one with 'launcher tokens create'.");
        }

        if (token.ExpiresAt is { } expires && expires <= now)
        {
            return AuthResult.Fail($"Token '{token.Name}' of {token.User} expired at {expires:u}: create a new one with 'launcher tokens create --expires 30d'.");
        }

        var user = await store.GetUserAsync(token.User, cancellationToken);
        var teams = (await store.ListMembershipsAsync(token.User, null, cancellationToken))
            .Select(m => (m.Team, Role: Roles.Parse(m.Role)))
            .Where(m => m.Role is not null)
            .ToDictionary(m => m.Team, m => m.Role!.Value, StringComparer.Ordinal);
        if (token.LastUsedAt is not { } last || now - last >= TouchEvery)
        {
            await store.TouchTokenAsync(token.Id, now, cancellationToken);
        }

        return new AuthResult(new Principal(token.User, user?.Owner == true, teams, token.Name, token.Team, Roles.Parse(token.Role), token.App), null);
    }
}
