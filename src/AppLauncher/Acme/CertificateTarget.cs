namespace AppLauncher.Acme;

/// <summary>
/// A certificate AppLauncher wants: its store name, the app it serves (null: the platform's wildcard), its names, and
/// why no order may be placed for it now (a custom domain whose DNS does not point here), if so.
/// </summary>
public sealed record CertificateTarget(string Name, string? App, IReadOnlyList<string> Domains, string? Refusal = null);
