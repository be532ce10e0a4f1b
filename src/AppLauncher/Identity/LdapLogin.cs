using System.Net;
using System.Text.RegularExpressions;
using AppLauncher.Core.Config;
using AppLauncher.Core.Identity;
using AppLauncher.Security;
using AppLauncher.Store;

namespace AppLauncher.Identity;

/// <summary>The outcome of a directory login: a token shown once, or an HTTP status with what to do.</summary>
public sealed record LdapLoginResult(IssuedToken? Token, Dictionary<string, string>? Teams, int Status, string? Error, TimeSpan? RetryAfter = null);

/// <summary>
/// <c>launcher login --ldap</c>: checks the password with a bind against <c>identity.ldap</c>, makes the user's
/// memberships in the mapped teams match their directory groups (the highest role when several groups map to one
/// team; a mapped team whose groups they left loses them), and issues a personal token with
/// <c>identity.ldap.tokenExpires</c>. Failed attempts are limited per user and per client address, in the store.
/// </summary>
internal sealed partial class LdapLogin(PlatformConfig config, IIdentityStore identity, TokenHasher hasher, LoginThrottle throttle, AuditLog audit, TimeProvider time)
{
    public async Task<LdapLoginResult> LoginAsync(string? user, string? password, IPAddress? client, CancellationToken cancellationToken)
    {
        if (config.Identity.Ldap is not { } ldap)
        {
            return new(null, null, 404, "directory login is not configured on this server: an operator adds identity.ldap to launcher.yaml (README: Directory login); log in with a token instead");
        }

        user = user?.Trim() ?? "";
        if (!UserName().IsMatch(user))
        {
            return new(null, null, 400, "give your directory user name (--user): 1 to 64 letters, digits, '.', '_', '@' or '-'");
        }

        if (string.IsNullOrEmpty(password))
        {
            return new(null, null, 400, "no password: type it at the prompt, or pipe it in on one line (printf '%s\\n' \"$PASSWORD\" | launcher login --ldap --user " + user + ")");
        }

        var userKey = "user:" + user.ToLowerInvariant();
        var addressKey = "address:" + (client?.ToString() ?? "?");
        if (await throttle.RetryAfterAsync(ldap.MaxFailuresPerMinute, [userKey, addressKey], cancellationToken) is { } wait)
        {
            await audit.RecordAsync(user, "login ldap", null, null, "refused: too many failed logins");
            return new(null, null, 429, $"too many failed logins for {user} or from this address: try again in {Math.Ceiling(wait.TotalSeconds)} s", wait);
        }

        var answer = await Task.Run(() => new LdapDirectory(ldap).Login(user, password), cancellationToken);
        switch (answer.Outcome)
        {
            case DirectoryOutcome.InvalidCredentials:
                // Not the request's token: a client that hangs up after a wrong password must still be counted.
                await throttle.FailAsync([userKey, addressKey], CancellationToken.None);
                await audit.RecordAsync(user, "login ldap", null, null, "failed: wrong user name or password");
                return new(null, null, 401, "wrong user name or password");
            case DirectoryOutcome.Unavailable:
                await audit.RecordAsync(user, "login ldap", null, null, "failed: directory unavailable");
                return new(null, null, 503, $"{answer.Error}. Tokens you already have keep working (launcher login --token …); try again when {ldap.Url} answers");
        }

        // An owner is the platform's own account: a directory entry of the same name must not become it.
        if (await identity.GetUserAsync(user, cancellationToken) is { Owner: true })
        {
            await audit.RecordAsync(user, "login ldap", null, null, "refused: platform owner");
            return new(null, null, 403, $"{user} is a platform owner: owners log in with their token (launcher login --token …), not through the directory");
        }

        var groups = answer.Groups.Select(LdapDirectory.NormalizeDn).ToHashSet(StringComparer.Ordinal);
        var granted = new Dictionary<string, Role>(StringComparer.Ordinal);
        foreach (var mapping in ldap.Groups.Where(m => groups.Contains(LdapDirectory.NormalizeDn(m.Group))))
        {
            var role = Roles.Parse(mapping.Role)!.Value;
            if (!granted.TryGetValue(mapping.Team, out var had) || role > had)
            {
                granted[mapping.Team] = role;
            }
        }

        if (granted.Count == 0)
        {
            await audit.RecordAsync(user, "login ldap", null, null, "refused: in no mapped group");
            return new(null, null, 403, $"{user} is in no directory group that launcher.yaml maps to a team (identity.ldap.groups): ask an operator to map one of your groups, or a team admin to add you");
        }

        var now = time.GetUtcNow();
        var mappedTeams = ldap.Groups.Select(m => m.Team).ToHashSet(StringComparer.Ordinal);
        foreach (var held in await identity.ListMembershipsAsync(user, null, cancellationToken))
        {
            if (mappedTeams.Contains(held.Team) && !granted.ContainsKey(held.Team))
            {
                await identity.RemoveMembershipAsync(held.Team, user, cancellationToken);
            }
        }

        foreach (var (team, role) in granted)
        {
            await identity.SetMembershipAsync(team, user, role.Name(), now, cancellationToken);
        }

        var lifetime = TokenLifetime.Parse(ldap.TokenExpires).Value!.Value;
        var value = TokenHasher.Generate();
        var name = $"ldap-{now:yyyyMMdd-HHmmss}";
        var stored = await identity.AddTokenAsync(hasher.Hash(value), name, user, null, null, null, now, now + lifetime, cancellationToken);
        var teams = granted.ToDictionary(g => g.Key, g => g.Value.Name(), StringComparer.Ordinal);
        await audit.RecordAsync(user, "login ldap", null, name, "ok: " + string.Join(", ", teams.Select(t => $"{t.Value} in {t.Key}")));
        return new(new IssuedToken(value, stored.Id, stored.Name, stored.User, null, null, null, stored.ExpiresAt), teams, 201, null);
    }

    [GeneratedRegex("^[A-Za-z0-9._@-]{1,64}$")]
    private static partial Regex UserName();
}
