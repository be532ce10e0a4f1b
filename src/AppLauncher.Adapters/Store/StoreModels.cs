using System.Text.Json.Serialization;

namespace AppLauncher.Store;

/// <summary>An app: created on its first push; <see cref="CurrentRevision"/> is the revision taking traffic; it belongs to <see cref="Team"/>.</summary>
public sealed record AppRecord(string Name, DateTimeOffset CreatedAt, string? CurrentRevision, string Team = Teams.Default);

/// <summary>One build of a pushed commit.</summary>
public sealed record BuildRecord(long Id, string App, string Commit, string? Buildpack, string Status, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string? Error);

/// <summary>
/// An immutable revision: a built image plus the configuration it runs with. <see cref="ReleasedAt"/> is when it last
/// became the app's latest revision.
/// </summary>
/// <param name="Env">The config vars its instances run with (decrypted; never serialized); null for revisions made before config vars existed.</param>
/// <param name="Change">What made it: <c>deploy 1a2b3c4</c>, or the config change (<c>set FOO; unset BAR</c>).</param>
/// <param name="Actor">Who made it: the commit's author for a push, the CLI user for a config change.</param>
/// <param name="Branch">Set for a branch preview (no production traffic).</param>
/// <param name="Processes">Its non-web Procfile process types (type → command), run without routes; null or empty: web only.</param>
/// <param name="NoWeb">It has no web process (a Procfile of workers only): no readiness probe, route, autoscaler or URL.</param>
/// <param name="Remote">The remote repository it was fetched from (a connected app); null for a push.</param>
/// <param name="Ref">The remote ref it was built from (<c>refs/heads/main</c>, <c>refs/tags/v1.2</c>); null for a push.</param>
public sealed record RevisionRecord(string Name, string App, int Number, string Image, string ImageId, string Commit, string Buildpack, DateTimeOffset CreatedAt, DateTimeOffset? ReleasedAt = null, int? Port = null, string? HealthPath = null,
    [property: JsonIgnore] IReadOnlyDictionary<string, string>? Env = null, string? Change = null, string? Actor = null, string? Branch = null,
    [property: JsonIgnore] string? AppFile = null, IReadOnlyDictionary<string, string>? Processes = null, bool NoWeb = false, string? Remote = null, string? Ref = null);

/// <summary>One config var of an app, decrypted. Its text never shows the value.</summary>
public sealed record ConfigVarRecord(string App, string Key, string Value, bool Secret, DateTimeOffset UpdatedAt, string? UpdatedBy)
{
    public override string ToString() => $"{App} {Key} ({(Secret ? "secret" : "value")}, set {UpdatedAt:u} by {UpdatedBy ?? "-"})";
}

/// <summary>A custom domain of an app: <see cref="DomainStatus.Pending"/> until its DNS proves the owner's control, then routed.</summary>
public sealed record DomainRecord(string Name, string App, string Status, string Token, DateTimeOffset CreatedAt, DateTimeOffset? VerifiedAt);

/// <summary>Custom domain states.</summary>
public static class DomainStatus
{
    public const string Pending = "pending";
    public const string Verified = "verified";
}

/// <summary>Build states.</summary>
public static class BuildStatus
{
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}

/// <summary>
/// One alert notification: which rule, about which app (null: the platform), <see cref="Notice"/> (<c>firing</c>,
/// <c>repeat</c>, <c>resolved</c>), the value that made it, and how its delivery to <see cref="Webhook"/> went.
/// </summary>
public sealed record AlertNotificationRecord(long Id, string Rule, string? App, string Notice, string Condition, double? Value, string Message, DateTimeOffset At,
    string Webhook, string Delivery, int Attempts, string? Error);

/// <summary>
/// One run of an app's cron job: <see cref="Status"/> is <c>succeeded</c>, <c>failed</c> (a non-zero exit), <c>skipped</c>
/// (the previous run still ran and the job forbids overlaps), <c>replaced</c> or <c>error</c> (it could not start).
/// <see cref="Output"/> is the end of what it printed.
/// </summary>
public sealed record CronRunRecord(long Id, string App, string Job, string Status, DateTimeOffset ScheduledAt, DateTimeOffset StartedAt, double? DurationSeconds, int? ExitCode, string? Output);
