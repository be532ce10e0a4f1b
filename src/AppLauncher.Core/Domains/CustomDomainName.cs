using AppLauncher.Core.Names;

namespace AppLauncher.Core.Domains;

/// <summary>Rules for a custom domain an app may take (<c>www.your-company.com</c>) and the names its verification uses.</summary>
public static class CustomDomainName
{
    /// <summary>The label under the domain whose TXT record carries the verification token.</summary>
    public const string ChallengeLabel = "_launcher-challenge";

    public static string ChallengeName(string domain) => $"{ChallengeLabel}.{domain}";

    /// <summary>The domain as stored and compared: lower case, no trailing dot.</summary>
    public static string Normalize(string domain) => domain.Trim().TrimEnd('.').ToLowerInvariant();

    /// <summary>What an error suggests instead: a name the user registered.</summary>
    private const string OwnDomain = "add a domain you registered, e.g. www.your-company.com";

    /// <summary>
    /// Names no one can own in public DNS (RFC 2606, RFC 6761, RFC 6762, RFC 7686, RFC 8375, RFC 9476, ICANN's
    /// .internal): the name and everything under it, with why.
    /// </summary>
    private static readonly (string Name, string Why)[] SpecialUse =
    [
        ("localhost", "names the machine itself (RFC 6761): every resolver answers it with loopback"),
        ("local", "is multicast DNS on the local link (RFC 6762), not a domain anyone owns"),
        ("invalid", "is reserved to never exist (RFC 6761)"),
        ("test", "is reserved for testing (RFC 6761) and cannot be registered"),
        ("example", "is reserved for documentation (RFC 2606)"),
        ("example.com", "is reserved for documentation (RFC 2606)"),
        ("example.net", "is reserved for documentation (RFC 2606)"),
        ("example.org", "is reserved for documentation (RFC 2606)"),
        ("onion", "is a Tor onion service name (RFC 7686), not reachable through DNS"),
        ("home.arpa", "is for home networks only (RFC 8375)"),
        ("arpa", "is the DNS's own infrastructure domain (reverse lookups, RFC 3172)"),
        ("internal", "is reserved for private networks (ICANN, 2024) and cannot be registered"),
        ("alt", "is reserved for names outside the DNS (RFC 9476)"),
    ];

    /// <summary>
    /// Null when <paramref name="domain"/> (normalized) may be added, otherwise the rule it breaks and what to do.
    /// Refused besides bad syntax: IP literals in every form a resolver accepts, the control plane's own host
    /// (<paramref name="controlPlaneHost"/>: git pushes and API tokens go there), the platform domain and names under
    /// it (AppLauncher's own app names), and special-use names no one can own.
    /// </summary>
    public static string? Validate(string domain, string platformDomain, string controlPlaneHost)
    {
        if (domain.Length == 0)
        {
            return "a domain is required, e.g. www.your-company.com";
        }

        if (domain.StartsWith("*.", StringComparison.Ordinal))
        {
            return $"'{domain}' is a wildcard; add each host name on its own, e.g. www.{domain[2..]}";
        }

        if (domain.Length > DomainNamer.MaxHostLength)
        {
            return $"'{domain}' is {domain.Length} characters; a DNS name holds at most {DomainNamer.MaxHostLength}";
        }

        if (IsIpLiteral(domain))
        {
            return $"'{domain}' is an IP address (resolvers also read forms such as 2130706433 or 0x7f.1 as one), not a domain: the proxy routes by host name; {OwnDomain}, and point it at this server";
        }

        var labels = domain.Split('.');
        foreach (var label in labels)
        {
            if (AppName.Validate(label) is not null)
            {
                return $"'{domain}' has the label '{label}', which is not a DNS-1123 label: lowercase letters, digits and '-', 1 to 63 characters, starting and ending with a letter or digit (write internationalised names as xn--)";
            }
        }

        var control = Normalize(controlPlaneHost);
        if (domain == control)
        {
            return $"'{domain}' is the control plane's own host (server.listen): git pushes and API tokens go there, so no app may take it; {OwnDomain}";
        }

        var platform = Normalize(platformDomain);
        if (domain == platform || domain.EndsWith("." + platform, StringComparison.Ordinal))
        {
            return $"'{domain}' is inside the platform's own domain {platform}: apps already have names there ({{app}}.{platform}); add a domain you own instead";
        }

        foreach (var (name, why) in SpecialUse)
        {
            if (domain == name || domain.EndsWith("." + name, StringComparison.Ordinal))
            {
                var what = domain == name ? $"'{domain}'" : $"'{domain}' is under {name}, which";
                return $"{what} {why}; no one can prove they own it, so it cannot be a custom domain: {OwnDomain}";
            }
        }

        if (labels.Length < 2)
        {
            return $"'{domain}' is a single label; a custom domain is a full name such as www.your-company.com";
        }

        return null;
    }

    /// <summary>
    /// Whether a resolver would take <paramref name="domain"/> for an IP address: IPv6 (any ':' or brackets), or,
    /// as WHATWG URL and inet_aton read hosts, a name whose last label is a number (decimal, octal, or 0x hex):
    /// <c>127.0.0.1</c>, <c>127.1</c>, <c>2130706433</c>, <c>0x7f.1</c>, <c>0177.0.0.1</c>.
    /// </summary>
    public static bool IsIpLiteral(string domain)
    {
        if (domain.Contains(':', StringComparison.Ordinal) || domain.StartsWith('['))
        {
            return true;
        }

        var last = domain.AsSpan(domain.LastIndexOf('.') + 1);
        if (last.Length == 0)
        {
            return false;
        }

        if (last.Length >= 2 && last[0] == '0' && last[1] is 'x' or 'X')
        {
            return !last[2..].ContainsAnyExcept("0123456789abcdefABCDEF");
        }

        return !last.ContainsAnyExceptInRange('0', '9');
    }
}
