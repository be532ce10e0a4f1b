using AppLauncher.Core.Config;
using AppLauncher.Security;
using Xunit.Abstractions;

namespace AppLauncher.Tests.Identity;

/// <summary>
/// <see cref="LdapDirectory"/> against a real OpenLDAP (<see cref="Slapd"/> with TLS: a CA and server certificate the
/// test makes with openssl): search then bind with a service account, RFC 4515 escaping of the login name, ldaps://
/// and StartTLS with the CA trusted by <c>identity.ldap.caFile</c>, and a wrong CA refused with a clear error.
/// </summary>
public sealed class LdapDirectoryTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private Slapd? _slapd;

    private string PasswordFile => Path.Combine(_dir.Path, "bind-password");

    public async Task InitializeAsync()
    {
        _slapd = await Slapd.StartAsync(tls: true);
        await File.WriteAllTextAsync(PasswordFile, Slapd.ServicePassword + "\n");
    }

    public async Task DisposeAsync()
    {
        if (_slapd is not null)
        {
            await _slapd.DisposeAsync();
        }

        _dir.Dispose();
    }

    private LdapConfig Search(string? url = null) => new()
    {
        Url = url ?? _slapd!.Url,
        UserBase = Slapd.People,
        UserFilter = "(&(objectClass=inetOrgPerson)(uid={user}))",
        BindDn = Slapd.ServiceDn,
        BindPasswordFile = PasswordFile,
        GroupBase = Slapd.Groups,
        TimeoutSeconds = 15, // a loaded machine (the suite shares 2 cores) must not turn a wrong password into a time-out
    };

    private DirectoryLogin Login(LdapConfig config, string user, string password)
    {
        var login = new LdapDirectory(config).Login(user, password);
        output.WriteLine($"{config.Url} {user}: {login.Outcome} [{string.Join("; ", login.Groups)}] {login.Error}");
        return login;
    }

    [Fact]
    public void SearchThenBind_FindsTheUser_BindsAsTheirDn_AndFindsTheirGroups()
    {
        var alice = Login(Search(), "alice", "alice-pw");
        Assert.Equal(DirectoryOutcome.Ok, alice.Outcome);
        Assert.Equal([$"cn=ops,{Slapd.Groups}", $"cn=payments,{Slapd.Groups}"], alice.Groups.Order(StringComparer.Ordinal));

        // The user's own password decides, not the service account's; an unknown name looks the same as a wrong password.
        Assert.Equal(DirectoryOutcome.InvalidCredentials, Login(Search(), "alice", "bob-pw").Outcome);
        Assert.Equal(DirectoryOutcome.InvalidCredentials, Login(Search(), "alice", Slapd.ServicePassword).Outcome);
        Assert.Equal(DirectoryOutcome.InvalidCredentials, Login(Search(), "mallory", "mallory-pw").Outcome);
        Assert.Equal([$"cn=payments,{Slapd.Groups}"], Login(Search(), "bob", "bob-pw").Groups);
    }

    [Fact]
    public void SearchThenBind_EscapesTheLoginName_SoAWildcardMatchesNobody()
    {
        // Unescaped, (uid=al*) would find alice and her password would log "al*" in as her; (uid=*) would match everyone.
        Assert.Equal(DirectoryOutcome.InvalidCredentials, Login(Search(), "al*", "alice-pw").Outcome);
        Assert.Equal(DirectoryOutcome.InvalidCredentials, Login(Search(), "*", "alice-pw").Outcome);
        Assert.Equal(DirectoryOutcome.InvalidCredentials, Login(Search(), "alice)(uid=*", "alice-pw").Outcome);
        Assert.Equal(DirectoryOutcome.InvalidCredentials, Login(Search(), "x)(|(uid=alice", "alice-pw").Outcome);

        Assert.Equal(@"al\2a", LdapFilter.Escape("al*"));
        Assert.Equal(@"\28uid=\2a\29\5c\00", LdapFilter.Escape("(uid=*)\\\0"));
        Assert.Equal(@"(member=cn=a\28b\29,dc=x)", LdapFilter.Fill("(member={dn})", "u", "cn=a(b),dc=x"));
    }

    [Fact]
    public async Task SearchThenBind_AWrongServicePassword_OrAFilterMatchingMany_IsUnavailable_NamingTheSetting()
    {
        await File.WriteAllTextAsync(PasswordFile, "not-the-service-password\n");
        var refused = Login(Search(), "alice", "alice-pw");
        Assert.Equal(DirectoryOutcome.Unavailable, refused.Outcome);
        Assert.Contains($"refused the service account identity.ldap.bindDn {Slapd.ServiceDn}", refused.Error, StringComparison.Ordinal);

        await File.WriteAllTextAsync(PasswordFile, Slapd.ServicePassword);
        var config = Search();
        config.UserFilter = "(|(uid={user})(uid=bob))";
        var many = Login(config, "alice", "alice-pw");
        Assert.Equal(DirectoryOutcome.Unavailable, many.Outcome);
        Assert.Contains("matches 2 entries", many.Error, StringComparison.Ordinal);

        config.BindPasswordFile = Path.Combine(_dir.Path, "missing");
        Assert.Contains("identity.ldap.bindPasswordFile", Login(config, "alice", "alice-pw").Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Ldaps_And_StartTls_WithTheCaFromCaFile_LogIn()
    {
        var ldaps = Search(_slapd!.LdapsUrl);
        ldaps.CaFile = _slapd.CaFile;
        Assert.Equal(DirectoryOutcome.Ok, Login(ldaps, "alice", "alice-pw").Outcome);
        Assert.Equal(DirectoryOutcome.InvalidCredentials, Login(ldaps, "alice", "wrong").Outcome);

        var startTls = Search();
        startTls.StartTls = true;
        startTls.CaFile = _slapd.CaFile;
        Assert.Equal(DirectoryOutcome.Ok, Login(startTls, "bob", "bob-pw").Outcome);

        // Direct bind over TLS too.
        var direct = new LdapConfig { Url = _slapd.LdapsUrl, UserDn = $"uid={{user}},{Slapd.People}", GroupBase = Slapd.Groups, CaFile = _slapd.CaFile, TimeoutSeconds = 15 };
        Assert.Equal(DirectoryOutcome.Ok, Login(direct, "bob", "bob-pw").Outcome);
    }

    [Fact]
    public async Task AWrongCa_IsRefused_WithAnErrorNamingCaFile()
    {
        await Slapd.MakeCaAsync(_dir.Path, "other", "Some other CA");
        var other = Path.Combine(_dir.Path, "other.pem");
        foreach (var config in new[] { Search(_slapd!.LdapsUrl), Search() })
        {
            config.StartTls = config.Url.StartsWith("ldap:", StringComparison.Ordinal);
            config.CaFile = other;
            var refused = Login(config, "alice", "alice-pw");
            Assert.Equal(DirectoryOutcome.Unavailable, refused.Outcome);
            Assert.Contains($"identity.ldap.caFile {other}", refused.Error, StringComparison.Ordinal);
            Assert.Contains("CA that signed", refused.Error, StringComparison.Ordinal);
        }

        // A file that is no certificate is named as such, before any connection.
        var notPem = Path.Combine(_dir.Path, "not.pem");
        await File.WriteAllTextAsync(notPem, "hello");
        var bad = Search(_slapd.LdapsUrl);
        bad.CaFile = notPem;
        Assert.Contains("holds no PEM certificate", Login(bad, "alice", "alice-pw").Error, StringComparison.Ordinal);
    }
}
