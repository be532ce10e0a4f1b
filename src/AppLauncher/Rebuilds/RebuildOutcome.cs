namespace AppLauncher.Rebuilds;

/// <summary>How one rebuild ended: <c>released</c> (the new revision serves), <c>failed</c> (the running one keeps serving) or <c>skipped</c>, and why.</summary>
public sealed record RebuildOutcome(string App, string Reason, string Actor, string Result, string? Revision, string? Detail, DateTimeOffset FinishedAt)
{
    public const string Released = "released";
    public const string Failed = "failed";
    public const string Skipped = "skipped";
}
