using AppLauncher.Core.Names;

namespace AppLauncher.Core.Domains;

/// <summary>Rules for a custom domain an app may take (<c>www.example.com</c>) and the names its verification uses.</summary>
public static class CustomDomainName
{
    /// <summary>The label under the domain whose TXT record carries the verification token.</summary>
    public const string ChallengeLabel = "_launcher-challenge";

    public static string ChallengeName(string domain) => $"{ChallengeLabel}.{domain}";

    /// <summary>The domain as stored and compared: lower case, no trailing dot.</summary>
    public static string Normalize(string domain) => domain.Trim().TrimEnd('.').ToLowerInvariant();

    /// <summary>Null when <paramref name="domain"/> (normalized) may be added, otherwise the rule it breaks and what to do.</summary>
    public static string? Validate(string domain, string platformDomain)
    {
        if (domain.Length == 0)
        {
            return "a domain is required, e.g. www.example.com";
        }

        if (domain.StartsWith("*.", StringComparison.Ordinal))
        {
            return $"'{domain}' is a wildcard; add each host name on its own, e.g. www.{domain[2..]}";
        }

        if (domain.Length > DomainNamer.MaxHostLength)
        {
            return $"'{domain}' is {domain.Length} characters; a DNS name holds at most {DomainNamer.MaxHostLength}";
        }

        var labels = domain.Split('.');
        if (labels.Length < 2)
        {
            return $"'{domain}' is a single label; a custom domain is a full name such as www.example.com";
        }

        foreach (var label in labels)
        {
            if (AppName.Validate(label) is not null)
            {
                return $"'{domain}' has the label '{label}', which is not a DNS-1123 label: lowercase letters, digits and '-', 1 to 63 characters, starting and ending with a letter or digit (write internationalised names as xn--)";
            }
        }

        var platform = platformDomain.TrimEnd('.').ToLowerInvariant();
        if (domain == platform || domain.EndsWith("." + platform, StringComparison.Ordinal))
        {
            return $"'{domain}' is inside the platform's own domain {platform}: apps already have names there ({{app}}.{platform}); add a domain you own instead";
        }

        return null;
    }
}
