using System.Net;

namespace AppLauncher.Core.Acme;

/// <summary>Whether a custom domain's DNS sends its clients here, so an ACME server validating it would reach this proxy.</summary>
public static class DomainPointing
{
    /// <summary>
    /// Null when <paramref name="name"/> points here (a CNAME to <paramref name="appHost"/>, or an address among
    /// <paramref name="ours"/>); else why not, in words a user can act on. With no addresses of our own known, any answer passes.
    /// </summary>
    public static string? Refusal(string name, IReadOnlyList<IPAddress> addresses, string? cnameTarget, IReadOnlyList<IPAddress> ours, string appHost)
    {
        if (cnameTarget is not null && string.Equals(cnameTarget.TrimEnd('.'), appHost, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (addresses.Count == 0)
        {
            return $"{name} has no A or AAAA record (and no CNAME to {appHost}): point it here before a certificate can be ordered";
        }

        if (ours.Count == 0 || addresses.Any(ours.Contains))
        {
            return null;
        }

        return $"{name} resolves to {string.Join(", ", addresses)}, not to this server ({string.Join(", ", ours)}): no certificate is ordered until its DNS points here (A/AAAA, or a CNAME to {appHost})";
    }
}
