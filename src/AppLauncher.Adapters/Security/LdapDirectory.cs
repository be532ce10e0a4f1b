using System.DirectoryServices.Protocols;
using System.Net;
using System.Security.Cryptography;
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

    /// <summary>The directory could not be reached, did not answer in time, or refused the service account.</summary>
    Unavailable,
}

/// <summary>
/// Checks a password against the directory over LDAPv3 (ldaps:// or StartTLS with <c>identity.ldap.caFile</c> when
/// configured), then searches <c>identity.ldap.groupBase</c> for the user's groups. Direct bind: a simple bind as
/// <c>userDn</c> with the login name in it, and the group search as the user. Search then bind: the service account
/// (<c>bindDn</c>) finds exactly one entry under <c>userBase</c> with <c>userFilter</c>, the user binds as that DN,
/// and the service account searches the groups. Every value put into a filter is escaped (RFC 4515).
/// </summary>
public sealed class LdapDirectory(LdapConfig config)
{
    private const int InvalidCredentialsCode = 49;

    public string Server => config.Url;

    public DirectoryLogin Login(string user, string password)
    {
        // An empty password would be an unauthenticated bind, which directories accept for any DN (RFC 4513 5.1.2).
        if (password.Length == 0)
        {
            return new DirectoryLogin(DirectoryOutcome.InvalidCredentials, []);
        }

        var stage = "connect";
        try
        {
            using var connection = Connect(ref stage);
            string dn;
            if (config.UserDn.Length > 0)
            {
                dn = config.UserDn.Replace("{user}", user, StringComparison.Ordinal);
                stage = "bind";
                connection.Bind(new NetworkCredential(dn, password));
            }
            else
            {
                var service = new NetworkCredential(config.BindDn, ReadBindPassword());
                stage = "service";
                connection.Bind(service);
                stage = "user search";
                var found = (SearchResponse)connection.SendRequest(new SearchRequest(config.UserBase, LdapFilter.Fill(config.UserFilter, user), SearchScope.Subtree, "1.1"));
                if (found.Entries.Count == 0)
                {
                    return new DirectoryLogin(DirectoryOutcome.InvalidCredentials, []);
                }

                if (found.Entries.Count > 1)
                {
                    return new DirectoryLogin(DirectoryOutcome.Unavailable, [], $"identity.ldap.userFilter {config.UserFilter} matches {found.Entries.Count} entries under {config.UserBase} for one login name: make it match one user (e.g. (uid={{user}}))");
                }

                dn = found.Entries[0].DistinguishedName;
                stage = "bind";
                connection.Bind(new NetworkCredential(dn, password));
                stage = "service";
                connection.Bind(service);
            }

            stage = "group search";
            var response = (SearchResponse)connection.SendRequest(new SearchRequest(config.GroupBase, LdapFilter.Fill(config.GroupFilter, user, dn), SearchScope.Subtree, "cn"));
            var groups = response.Entries.Cast<SearchResultEntry>().Select(e => e.DistinguishedName).ToList();
            return new DirectoryLogin(DirectoryOutcome.Ok, groups);
        }
        catch (LdapException e) when (e.ErrorCode == InvalidCredentialsCode && stage == "bind")
        {
            return new DirectoryLogin(DirectoryOutcome.InvalidCredentials, []);
        }
        catch (LdapException e) when (e.ErrorCode == InvalidCredentialsCode && stage == "service")
        {
            return new DirectoryLogin(DirectoryOutcome.Unavailable, [], $"the directory {config.Url} refused the service account identity.ldap.bindDn {config.BindDn}: check it and the password in {config.BindPasswordFile}");
        }
        catch (LdapException e)
        {
            return new DirectoryLogin(DirectoryOutcome.Unavailable, [], $"the directory {config.Url} did not answer ({stage}): {Describe(e)}{TlsHint(stage)}");
        }
        catch (DirectoryOperationException e)
        {
            var what = stage == "user search" ? $"the user search under {config.UserBase}" : $"the group search under {config.GroupBase}";
            return new DirectoryLogin(DirectoryOutcome.Unavailable, [], $"the directory {config.Url} refused {what}: {e.Message}");
        }
        catch (LdapSetupException e)
        {
            return new DirectoryLogin(DirectoryOutcome.Unavailable, [], e.Message);
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or PlatformNotSupportedException)
        {
            return new DirectoryLogin(DirectoryOutcome.Unavailable, [], $"the LDAP client library is missing on this machine ({e.Message}): install libldap (Debian: apt-get install libldap-2.5-0)");
        }
    }

    /// <summary>Compares DNs as directories write them: case and spaces around ',' and '=' do not matter.</summary>
    public static string NormalizeDn(string dn) =>
        string.Join(',', dn.Split(',').Select(rdn => string.Join('=', rdn.Split('=').Select(p => p.Trim())))).ToLowerInvariant();

    private LdapConnection Connect(ref string stage)
    {
        var url = new Uri(config.Url);
        var ldaps = url.Scheme == "ldaps";
        var port = url.IsDefaultPort || url.Port <= 0 ? (ldaps ? 636 : 389) : url.Port;
        var connection = new LdapConnection(new LdapDirectoryIdentifier(url.Host, port)) { AuthType = AuthType.Basic, Timeout = TimeSpan.FromSeconds(config.TimeoutSeconds) };
        try
        {
            connection.SessionOptions.ProtocolVersion = 3;
            if (config.CaFile.Length > 0)
            {
                // libldap (GnuTLS on Debian) trusts every PEM file of a directory: one directory per CA file's content.
                connection.SessionOptions.TrustedCertificatesDirectory = CaDirectory();
                connection.SessionOptions.StartNewTlsSessionContext();
            }

            connection.SessionOptions.SecureSocketLayer = ldaps;
            if (config.StartTls)
            {
                stage = "StartTLS";

                // On Linux the handle connects at the first request, and StartTLS on an unconnected handle fails with
                // code 81: an anonymous base read of the root DSE (no credentials, nothing secret) connects it first.
                try
                {
                    connection.SendRequest(new SearchRequest("", "(objectClass=*)", SearchScope.Base, "1.1"));
                }
                catch (DirectoryOperationException)
                {
                    // A directory may refuse anonymous reads; the connection is open all the same.
                }

                connection.SessionOptions.StartTransportLayerSecurity(null);
            }

            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private string CaDirectory()
    {
        byte[] pem;
        try
        {
            pem = File.ReadAllBytes(config.CaFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LdapSetupException($"identity.ldap.caFile {config.CaFile} cannot be read ({e.Message}): give a PEM file of the CA that signs the directory's certificate");
        }

        if (!System.Text.Encoding.ASCII.GetString(pem).Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
        {
            throw new LdapSetupException($"identity.ldap.caFile {config.CaFile} holds no PEM certificate (-----BEGIN CERTIFICATE-----): give the CA certificate in PEM form");
        }

        var dir = Path.Combine(Path.GetTempPath(), "launcher-ldap-ca-" + Convert.ToHexStringLower(SHA256.HashData(pem))[..16]);
        var file = Path.Combine(dir, "ca.pem");
        if (!File.Exists(file))
        {
            Directory.CreateDirectory(dir);
            var temp = file + "." + Guid.NewGuid().ToString("N");
            File.WriteAllBytes(temp, pem);
            File.Move(temp, file, overwrite: true);
        }

        return dir;
    }

    private string ReadBindPassword()
    {
        try
        {
            var password = File.ReadAllText(config.BindPasswordFile).TrimEnd('\r', '\n');
            return password.Length > 0 ? password : throw new LdapSetupException($"identity.ldap.bindPasswordFile {config.BindPasswordFile} is empty: write the service account's password in it (one line)");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LdapSetupException($"identity.ldap.bindPasswordFile {config.BindPasswordFile} cannot be read ({e.Message}): write the service account's password in it (one line), readable by the server");
        }
    }

    private static string Describe(LdapException e) =>
        string.IsNullOrWhiteSpace(e.ServerErrorMessage) ? $"{e.Message} (LDAP code {e.ErrorCode})" : $"{e.Message}: {e.ServerErrorMessage.Trim()} (LDAP code {e.ErrorCode})";

    private string TlsHint(string stage) =>
        (config.StartTls || config.Url.StartsWith("ldaps:", StringComparison.OrdinalIgnoreCase)) && stage is "connect" or "StartTLS" or "bind" or "service"
            ? $". Over TLS this is also what a certificate that is not trusted looks like: check that {(config.CaFile.Length > 0 ? "identity.ldap.caFile " + config.CaFile : "the machine's CA bundle (or identity.ldap.caFile)")} holds the CA that signed {config.Url}'s certificate and that the certificate names the host in the URL"
            : "";

    /// <summary>A set-up error on our side (a file identity.ldap names), reported like an unavailable directory.</summary>
    private sealed class LdapSetupException(string message) : Exception(message);
}
