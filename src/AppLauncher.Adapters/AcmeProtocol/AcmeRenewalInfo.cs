namespace AppLauncher.AcmeProtocol;

/// <summary>The server's advice on when to renew one certificate (RFC 9773 §4.2), and when to ask again.</summary>
public sealed record AcmeRenewalInfo(DateTimeOffset WindowStart, DateTimeOffset WindowEnd, Uri? ExplanationUrl, TimeSpan? RetryAfter);
