namespace AppLauncher.Store;

/// <summary>Users, teams, memberships, tokens (hashed) and the audit log, in the same database as <see cref="IStore"/>.</summary>
public interface IIdentityStore
{
    Task<UserRecord> EnsureUserAsync(string name, bool owner, DateTimeOffset now, CancellationToken cancellationToken);

    Task<UserRecord?> GetUserAsync(string name, CancellationToken cancellationToken);

    /// <summary>False when the team exists already.</summary>
    Task<bool> CreateTeamAsync(string name, DateTimeOffset now, CancellationToken cancellationToken);

    Task<IReadOnlyList<TeamRecord>> ListTeamsAsync(CancellationToken cancellationToken);

    /// <summary>Names the team's apps by <c>domains.teamTemplate</c> or not; false when there is no such team.</summary>
    Task<bool> SetTeamDomainsAsync(string team, bool teamDomains, CancellationToken cancellationToken);

    /// <summary>Gives <paramref name="user"/> (created if new) <paramref name="role"/> in <paramref name="team"/>, replacing any role it had there.</summary>
    Task SetMembershipAsync(string team, string user, string role, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>False when the user was not a member.</summary>
    Task<bool> RemoveMembershipAsync(string team, string user, CancellationToken cancellationToken);

    /// <summary>Memberships of a user, or of everyone in a team.</summary>
    Task<IReadOnlyList<MembershipRecord>> ListMembershipsAsync(string? user, string? team, CancellationToken cancellationToken);

    Task<TokenRecord> AddTokenAsync(string hash, string name, string user, string? team, string? role, string? app, DateTimeOffset now, DateTimeOffset? expiresAt, CancellationToken cancellationToken);

    Task<TokenRecord?> FindTokenAsync(string hash, CancellationToken cancellationToken);

    Task<IReadOnlyList<TokenRecord>> ListTokensAsync(string? user, CancellationToken cancellationToken);

    Task<TokenRecord?> GetTokenAsync(long id, CancellationToken cancellationToken);

    /// <summary>False when the token was revoked already (or does not exist).</summary>
    Task<bool> RevokeTokenAsync(long id, DateTimeOffset now, CancellationToken cancellationToken);

    Task TouchTokenAsync(long id, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Moves an app to another team (apps are created in <see cref="Teams.Default"/> unless told).</summary>
    Task SetAppTeamAsync(string app, string team, CancellationToken cancellationToken);

    /// <summary>Records one failed login under each of <paramref name="keys"/> at <paramref name="now"/>, and forgets every failure before <paramref name="forgetBefore"/>.</summary>
    Task AddLoginFailuresAsync(IReadOnlyList<string> keys, DateTimeOffset now, DateTimeOffset forgetBefore, CancellationToken cancellationToken);

    /// <summary>The newest <paramref name="limit"/> failures of <paramref name="key"/> after <paramref name="after"/>, newest first.</summary>
    Task<IReadOnlyList<DateTimeOffset>> ListLoginFailuresAsync(string key, DateTimeOffset after, int limit, CancellationToken cancellationToken);

    Task AddAuditAsync(DateTimeOffset at, string actor, string action, string? app, string? target, string outcome, string? detail, CancellationToken cancellationToken);

    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<AuditRecord>> ListAuditAsync(string? app, DateTimeOffset? since, int limit, CancellationToken cancellationToken);
}
