namespace AppLauncher.AcmeProtocol;

/// <summary>The server's record of proving control of one identifier (RFC 8555 §7.1.4).</summary>
public sealed record AcmeAuthorization(Uri Url, AcmeIdentifier Identifier, string Status, bool Wildcard, IReadOnlyList<AcmeChallenge> Challenges);
