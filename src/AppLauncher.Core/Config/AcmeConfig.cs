namespace AppLauncher.Core.Config;

/// <summary>The <c>acme:</c> section of <c>launcher.yaml</c>: certificates from an ACME server (RFC 8555). Off while <see cref="Directory"/> is empty.</summary>
public sealed class AcmeConfig
{
    public const string Http01 = "http-01";
    public const string Dns01 = "dns-01";
    public const string TlsAlpn01 = "tls-alpn-01";

    /// <summary>The ACME server's directory URL (https), e.g. https://acme-v02.api.letsencrypt.org/directory. Empty: ACME is off.</summary>
    public string Directory { get; set; } = "";

    /// <summary>Contact e-mail given to the ACME server with the account (expiry notices go there). Empty: none.</summary>
    public string Email { get; set; } = "";

    /// <summary>Challenge types AppLauncher may answer, in order of preference: http-01, dns-01, tls-alpn-01.</summary>
    public List<string> Challenges { get; set; } = [Http01, Dns01, TlsAlpn01];

    /// <summary>One wildcard certificate <c>*.{domain}</c> (DNS-01) for every app name instead of one certificate per app.</summary>
    public bool Wildcard { get; set; } = true;

    /// <summary>A PEM file with the root that the ACME server's own HTTPS certificate chains to (a private ACME server such as Pebble). Empty: the system's roots.</summary>
    public string CaRoot { get; set; } = "";

    /// <summary>Seconds between two looks at what needs a certificate (new apps and verified domains also trigger one at once).</summary>
    public int CheckIntervalSeconds { get; set; } = 300;

    /// <summary>First delay after a failed order, in seconds; doubled at each further failure up to <see cref="RetryMaxSeconds"/>.</summary>
    public int RetryMinSeconds { get; set; } = 60;

    public int RetryMaxSeconds { get; set; } = 86400;

    /// <summary>How long one order may take (validation, finalisation, download) before it counts as failed.</summary>
    public int OrderTimeoutSeconds { get; set; } = 120;
}
