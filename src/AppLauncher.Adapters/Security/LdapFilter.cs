using System.Text;

namespace AppLauncher.Security;

/// <summary>Puts values into LDAP search filters (RFC 4515), so a login name can never change a filter's meaning.</summary>
public static class LdapFilter
{
    /// <summary>RFC 4515 3: '*', '(', ')', '\' and NUL become \XX in an assertion value.</summary>
    public static string Escape(string value)
    {
        var escaped = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            escaped.Append(c is '*' or '(' or ')' or '\\' or '\0' ? $"\\{(int)c:x2}" : c.ToString());
        }

        return escaped.ToString();
    }

    /// <summary>Replaces <c>{user}</c> and <c>{dn}</c> in <paramref name="template"/> with escaped values.</summary>
    public static string Fill(string template, string user, string? dn = null)
    {
        var filter = template.Replace("{user}", Escape(user), StringComparison.Ordinal);
        return dn is null ? filter : filter.Replace("{dn}", Escape(dn), StringComparison.Ordinal);
    }
}
