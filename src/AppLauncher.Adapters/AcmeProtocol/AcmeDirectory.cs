namespace AppLauncher.AcmeProtocol;

/// <summary>The ACME server's directory (RFC 8555 §7.1.1); <see cref="RenewalInfo"/> is there when it offers ARI (RFC 9773).</summary>
public sealed record AcmeDirectory(Uri NewNonce, Uri NewAccount, Uri NewOrder, Uri? RenewalInfo, Uri? TermsOfService);
