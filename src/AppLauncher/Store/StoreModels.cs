namespace AppLauncher.Store;

/// <summary>An app: created on its first push; <see cref="CurrentRevision"/> is the revision taking traffic.</summary>
public sealed record AppRecord(string Name, DateTimeOffset CreatedAt, string? CurrentRevision);

/// <summary>One build of a pushed commit.</summary>
public sealed record BuildRecord(long Id, string App, string Commit, string? Buildpack, string Status, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string? Error);

/// <summary>
/// An immutable revision: a built image plus the configuration it runs with. <see cref="Branch"/> is set for a branch
/// preview; <see cref="ReleasedAt"/> is when it last became the app's latest revision.
/// </summary>
public sealed record RevisionRecord(string Name, string App, int Number, string Image, string ImageId, string Commit, string Buildpack, DateTimeOffset CreatedAt, DateTimeOffset? ReleasedAt = null, int? Port = null, string? HealthPath = null, string? Branch = null);

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
