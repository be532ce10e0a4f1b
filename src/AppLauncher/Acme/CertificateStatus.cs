namespace AppLauncher.Acme;

/// <summary>What <c>GET /api/apps/{name}/certificates</c> and <c>launcher certs</c> show of one certificate.</summary>
public sealed record CertificateStatus(
    string Name,
    string? App,
    IReadOnlyList<string> Domains,
    string State,
    string? Issuer,
    DateTimeOffset? NotBefore,
    DateTimeOffset? NotAfter,
    DateTimeOffset? RenewAt,
    string? LastError,
    DateTimeOffset? NextAttempt,
    int Failures)
{
    public const string Pending = "pending";
    public const string Valid = "valid";
    public const string Failing = "failing";
    public const string Expired = "expired";
}
