namespace AppLauncher.Core.Domains;

/// <summary>
/// Decides whether a custom domain is proven to belong to the app: a TXT record at <c>_launcher-challenge.{domain}</c>
/// holding the token, or a CNAME from the domain to the app's own name. Pure: what DNS said in, a verdict out.
/// </summary>
public static class DomainVerification
{
    /// <param name="txtValues">The TXT strings found at the challenge name (each record's strings joined).</param>
    /// <param name="cnameTarget">The CNAME target of the domain, or null when it has none.</param>
    public static (bool Verified, string Explanation) Decide(string domain, string token, IReadOnlyList<string> txtValues, string? cnameTarget, string appHost)
    {
        if (txtValues.Any(v => v.Trim() == token))
        {
            return (true, $"TXT {CustomDomainName.ChallengeName(domain)} carries the token");
        }

        var target = cnameTarget?.TrimEnd('.').ToLowerInvariant();
        if (target == appHost.ToLowerInvariant())
        {
            return (true, $"{domain} is a CNAME to {appHost}");
        }

        var found = new List<string>();
        if (txtValues.Count > 0)
        {
            found.Add($"TXT {string.Join(", ", txtValues.Select(v => $"\"{v}\""))}");
        }

        if (target is not null)
        {
            found.Add($"CNAME {target}");
        }

        return (false,
            $"not verified yet: add a TXT record {CustomDomainName.ChallengeName(domain)} with the value \"{token}\", or make {domain} a CNAME to {appHost}"
            + (found.Count > 0 ? $" (found: {string.Join("; ", found)})" : " (found neither)")
            + ", then run 'launcher domains verify' again");
    }
}
