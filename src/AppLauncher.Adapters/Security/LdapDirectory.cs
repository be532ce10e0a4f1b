using System.DirectoryServices.Protocols;
using System.Net;
using System.Text;
using AppLauncher.Core.Config;

namespace AppLauncher.Security;

/// <summary>What a directory said about a login: the user's group DNs, or why there are none.</summary>
public sealed record DirectoryLogin(DirectoryOutcome Outcome, IReadOnlyList<string> Groups, string? Error = null);

public enum DirectoryOutcome
{
    /// <summary>The bind as the user succeeded; <see cref="DirectoryLogin.Groups"/> holds their groups.</summary>
    Ok,

    /// <summary>Wrong password or no such user: the directory does not say which, and neither do we.</summary>
    InvalidCredentials,

    /// <summary>The directory could not be reached or did not answer in time.</summary>
    Unavailable,
}

/// <summary>
/// Checks a password with a simple bind as the user's DN (<c>identity.ldap.userDn</c>) over LDAPv3, then, on that
/// same connection, searches <c>identity.ldap.groupBase</c> for the user's groups. The login name is checked by the
/// caller (letters, digits, '.', '_', '@', '-'), so it cannot change the DN; values put into the filter are escaped.
/// </summary>
public sealed class LdapDirectory(LdapConfig config)
{
    public string Server => config.Url;

    public DirectoryLogin Login(string user, string password)
    {
        // An empty password would be an unauthenticated bind, which directories accept for any DN (RFC 4513 5.1.2).
        if (password.Length == 0)
        {
            return new DirectoryLogin(DirectoryOutcome.InvalidCredentials, []);
        }

        var url = new Uri(config.Url);
        var port = url.IsDefaultPort || url.Port <= 0 ? (url.Scheme == "ldaps" ? 636 : 389) : url.Port;
        var dn = config.UserDn.Replace("{user}", user, StringComparison.Ordinal);
        try
        {
            using var connection = new LdapConnection(new LdapDirectoryIdentifier(url.Host, port), new NetworkCredential(dn, password), AuthType.Basic);
            connection.SessionOptions.ProtocolVersion = 3;
            connection.SessionOptions.SecureSocketLayer = url.Scheme == "ldaps";
            connection.Timeout = TimeSpan.FromSeconds(config.TimeoutSeconds);
            connection.Bind();

            var filter = config.GroupFilter.Replace("{dn}", EscapeFilter(dn), StringComparison.Ordinal).Replace("{user}", EscapeFilter(user), StringComparison.Ordinal);
            var response = (SearchResponse)connection.SendRequest(new SearchRequest(config.GroupBase, filter, SearchScope.Subtree, "cn"));
            var groups = response.Entries.Cast<SearchResultEntry>().Select(e => e.DistinguishedName).ToList();
            return new DirectoryLogin(DirectoryOutcome.Ok, groups);
        }
        catch (LdapException e) when (e.ErrorCode == 49)
        {
            return new DirectoryLogin(DirectoryOutcome.InvalidCredentials, []);
        }
        catch (LdapException e)
        {
            return new DirectoryLogin(DirectoryOutcome.Unavailable, [], $"the directory {config.Url} did not answer: {e.Message} (LDAP code {e.ErrorCode})");
        }
        catch (DirectoryOperationException e)
        {
            return new DirectoryLogin(DirectoryOutcome.Unavailable, [], $"the directory {config.Url} refused the group search under {config.GroupBase}: {e.Message}");
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or PlatformNotSupportedException)
        {
            return new DirectoryLogin(DirectoryOutcome.Unavailable, [], $"the LDAP client library is missing on this machine ({e.Message}): install libldap (Debian: apt-get install libldap-2.5-0)");
        }
    }

    /// <summary>Compares DNs as directories write them: case and spaces around ',' and '=' do not matter.</summary>
    public static string NormalizeDn(string dn) =>
        string.Join(',', dn.Split(',').Select(rdn => string.Join('=', rdn.Split('=').Select(p => p.Trim())))).ToLowerInvariant();

    /// <summary>RFC 4515: '*', '(', ')', '\' and NUL become \XX in a filter value.</summary>
    private static string EscapeFilter(string value)
    {
        var escaped = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            escaped.Append(c is '*' or '(' or ')' or '\\' or '\0' ? $"\\{(int)c:x2}" : c.ToString());
        }

        return escaped.ToString();
    }
}
