namespace AppLauncher.Store;

/// <summary>
/// One certificate AppLauncher keeps for a set of names: an app's domain, a verified custom domain, or the platform's
/// wildcard (<see cref="App"/> null). The chain and key are null until the first order succeeds; <see cref="LastError"/>
/// and <see cref="NextAttempt"/> say what failed and when it is tried again. <see cref="KeyPem"/> is sealed at rest.
/// </summary>
public sealed record CertificateRecord(
    string Name,
    string? App,
    IReadOnlyList<string> Domains,
    string? Issuer,
    DateTimeOffset? NotBefore,
    DateTimeOffset? NotAfter,
    string? ChainPem,
    string? KeyPem,
    DateTimeOffset? RenewAt,
    string? LastError,
    DateTimeOffset? NextAttempt,
    int Failures,
    DateTimeOffset UpdatedAt);

/// <summary>The installation's ACME account on one server: its key (PEM, sealed at rest) and its URL.</summary>
public sealed record AcmeAccountRecord(string Directory, string KeyPem, string? Url, DateTimeOffset CreatedAt);
