namespace AppLauncher.Store;

/// <summary>A person (or the first owner, <c>admin</c>): an owner is above every team.</summary>
public sealed record UserRecord(string Name, bool Owner, DateTimeOffset CreatedAt);

/// <summary>
/// A team: apps belong to one, users have a role in it. With <paramref name="TeamDomains"/> its apps are named by
/// <c>domains.teamTemplate</c> (<c>{app}.{team}.{domain}</c>).
/// </summary>
public sealed record TeamRecord(string Name, DateTimeOffset CreatedAt, bool TeamDomains = false);

/// <summary>A user's role in a team (<c>viewer</c>, <c>developer</c>, <c>admin</c>).</summary>
public sealed record MembershipRecord(string Team, string User, string Role);

/// <summary>
/// A token as stored: only its keyed hash, never its value. A personal token may be narrowed to one team and a role;
/// a deploy token names its app.
/// </summary>
public sealed record TokenRecord(long Id, string Name, string User, string? Team, string? Role, string? App,
    DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt)
{
    public bool IsDeployToken => App is not null;
}

/// <summary>One audited change: who, when, what (and to which app), and how it ended. Never a secret value.</summary>
public sealed record AuditRecord(long Id, DateTimeOffset At, string Actor, string Action, string? App, string? Target, string Outcome, string? Detail);

/// <summary>The default team every app made before teams existed belongs to.</summary>
public static class Teams
{
    public const string Default = "apps";
}
