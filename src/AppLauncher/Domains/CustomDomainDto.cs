namespace AppLauncher.Domains;

/// <summary>A custom domain as the API shows it, with what its owner must put in DNS to verify it.</summary>
public sealed record CustomDomainDto(
    string Domain,
    string App,
    string Status,
    string Token,
    string TxtName,
    string CnameTarget,
    DateTimeOffset CreatedAt,
    DateTimeOffset? VerifiedAt,
    string? Check);
