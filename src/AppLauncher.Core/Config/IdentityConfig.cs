namespace AppLauncher.Core.Config;

/// <summary>The <c>identity:</c> section of <c>launcher.yaml</c>.</summary>
public sealed class IdentityConfig
{
    /// <summary>Directory login (<c>launcher login --ldap</c>); absent: off.</summary>
    public LdapConfig? Ldap { get; set; }

    /// <summary>Teams created at start with their members' roles; <c>identity.ldap.groups</c> may map to them.</summary>
    public List<TeamDeclaration> Teams { get; set; } = [];
}

/// <summary>
/// The <c>identity.ldap:</c> section: the directory a user's password is checked against (a bind as the user's DN),
/// where their groups are found, and which team and role each group gives.
/// </summary>
public sealed class LdapConfig
{
    /// <summary>The directory server, <c>ldap://host:port</c> (389 when no port is given).</summary>
    public string Url { get; set; } = "";

    /// <summary>
    /// Direct bind: the user's DN, with <c>{user}</c> for the login name, e.g. <c>uid={user},ou=people,dc=example,dc=org</c>.
    /// Leave empty and set <see cref="UserBase"/> to search for the user instead.
    /// </summary>
    public string UserDn { get; set; } = "";

    /// <summary>Search then bind: where users are searched (subtree) with <see cref="UserFilter"/>, as <see cref="BindDn"/>.</summary>
    public string UserBase { get; set; } = "";

    /// <summary>The filter that finds one user; <c>{user}</c> is the login name, escaped per RFC 4515.</summary>
    public string UserFilter { get; set; } = "(uid={user})";

    /// <summary>The service account that searches for users and their groups (search then bind).</summary>
    public string BindDn { get; set; } = "";

    /// <summary>A file holding the service account's password (one line), read at each login; never in launcher.yaml.</summary>
    public string BindPasswordFile { get; set; } = "";

    /// <summary>Upgrade an <c>ldap://</c> connection with StartTLS (RFC 4511 4.14) before any bind.</summary>
    public bool StartTls { get; set; }

    /// <summary>
    /// A PEM file of the CA(s) that sign the directory's certificate, for <c>ldaps://</c> or <see cref="StartTls"/>;
    /// empty: the machine's CA bundle.
    /// </summary>
    public string CaFile { get; set; } = "";

    /// <summary>Where groups are searched (subtree), e.g. <c>ou=groups,dc=example,dc=org</c>.</summary>
    public string GroupBase { get; set; } = "";

    /// <summary>The filter that finds a user's groups; <c>{dn}</c> is the user's DN, <c>{user}</c> the login name.</summary>
    public string GroupFilter { get; set; } = "(|(member={dn})(uniqueMember={dn})(memberUid={user}))";

    /// <summary>How long a bind or search may take before the directory counts as down.</summary>
    public int TimeoutSeconds { get; set; } = 5;

    /// <summary>Lifetime of the token a directory login issues (30d, 12h).</summary>
    public string TokenExpires { get; set; } = "30d";

    /// <summary>Failed logins allowed per user and per client address within a minute before 429.</summary>
    public int MaxFailuresPerMinute { get; set; } = 5;

    /// <summary>Directory groups (DNs) and the team and role each gives its members.</summary>
    public List<LdapGroupMapping> Groups { get; set; } = [];
}

/// <summary>One entry of <c>identity.ldap.groups</c>.</summary>
public sealed class LdapGroupMapping
{
    /// <summary>The group's DN, e.g. <c>cn=payments,ou=groups,dc=example,dc=org</c>.</summary>
    public string Group { get; set; } = "";

    public string Team { get; set; } = "";

    /// <summary>viewer, developer or admin.</summary>
    public string Role { get; set; } = "";
}
