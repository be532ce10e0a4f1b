namespace AppLauncher.AcmeProtocol;

/// <summary>A request for one certificate (RFC 8555 §7.1.3): pending → ready → processing → valid, or invalid.</summary>
public sealed record AcmeOrder(Uri Url, string Status, IReadOnlyList<AcmeIdentifier> Identifiers, IReadOnlyList<Uri> Authorizations, Uri Finalize, Uri? Certificate, AcmeProblem? Error);
