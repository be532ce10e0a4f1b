namespace AppLauncher.AcmeProtocol;

/// <summary>One way to prove control of an identifier (RFC 8555 §8): <c>http-01</c>, <c>dns-01</c>, <c>tls-alpn-01</c>.</summary>
public sealed record AcmeChallenge(string Type, Uri Url, string Token, string Status, AcmeProblem? Error);
