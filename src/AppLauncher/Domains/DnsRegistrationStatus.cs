namespace AppLauncher.Domains;

/// <summary>
/// Where an app's records in the external DNS server stand: <see cref="Action"/> (<c>register</c> or <c>remove</c>) is
/// what is wanted; <see cref="State"/> is <c>pending</c>, <c>registered</c>, <c>failed</c> (retrying, <see cref="Error"/>
/// says why), <c>removing</c> or <c>removed</c>.
/// </summary>
public sealed record DnsRegistrationStatus(string Name, string Server, string Action, string State, int Attempts, string? Error, DateTimeOffset? LastAttemptAt, DateTimeOffset? NextAttemptAt)
{
    public const string Pending = "pending";
    public const string Registered = "registered";
    public const string Failed = "failed";
    public const string Removing = "removing";
    public const string Removed = "removed";
}
