using System.Diagnostics;
using System.Net.Sockets;

namespace AppLauncher.Tests.Identity;

/// <summary>
/// A real OpenLDAP server (Debian's <c>slapd</c>, installed by scripts/setup) on a free 127.0.0.1 port: a generated
/// slapd.conf with one mdb database for dc=example,dc=org in a temp directory, loaded with slapadd. Users (password
/// = name + "-pw"): alice (payments and ops), bob (payments), carol (no mapped group), admin (payments: shares the
/// platform owner's name). Groups: cn=payments and cn=ops under ou=groups (groupOfNames, member = user DN; ops also holds the root DN, as a group keeps one member).
/// A service account <see cref="ServiceDn"/> (password <see cref="ServicePassword"/>) reads everything, for search then bind.
/// With <c>tls</c>, the test makes a CA and a server certificate for 127.0.0.1 with the real openssl, and slapd serves
/// ldaps:// on <see cref="LdapsUrl"/> and StartTLS on <see cref="Url"/>.
/// </summary>
internal sealed class Slapd : IAsyncDisposable
{
    public const string Suffix = "dc=example,dc=org";
    public const string People = "ou=people," + Suffix;
    public const string Groups = "ou=groups," + Suffix;
    public const string ServiceDn = "cn=launcher," + Suffix;
    public const string ServicePassword = "service-pw-for-tests";
    private const string RootPassword = "root-pw-for-tests";
    private const string SlapdPath = "/usr/sbin/slapd";
    private const string SlapaddPath = "/usr/sbin/slapadd";
    private readonly TempDirectory _dir = new();
    private Process? _process;

    public int Port { get; } = LoopbackPorts.Free();

    public string Url => $"ldap://127.0.0.1:{Port}";

    public int TlsPort { get; } = LoopbackPorts.Free();

    public string LdapsUrl => $"ldaps://127.0.0.1:{TlsPort}";

    /// <summary>The PEM file of the CA that signed the server's certificate (with <c>tls</c>).</summary>
    public string CaFile => Path.Combine(_dir.Path, "ca.pem");

    private bool Tls { get; init; }

    public static string Dn(string user) => $"uid={user},{People}";

    public static async Task<Slapd> StartAsync(bool tls = false)
    {
        Assert.True(File.Exists(SlapdPath) && File.Exists(SlapaddPath), $"{SlapdPath} and {SlapaddPath} are needed (Debian packages slapd and ldap-utils): run scripts/setup");
        var slapd = new Slapd { Tls = tls };
        await slapd.StartCoreAsync();
        return slapd;
    }

    private async Task StartCoreAsync()
    {
        var db = Directory.CreateDirectory(Path.Combine(_dir.Path, "db")).FullName;
        var conf = Path.Combine(_dir.Path, "slapd.conf");
        var tls = "";
        if (Tls)
        {
            await MakeCaAsync(_dir.Path, "ca", "AppLauncher test LDAP CA");
            await OpenSslAsync(_dir.Path, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1");
            await File.WriteAllTextAsync(Path.Combine(_dir.Path, "server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n");
            await OpenSslAsync(_dir.Path, "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "server.ext");
            tls = $"TLSCACertificateFile {CaFile}\nTLSCertificateFile {_dir.Path}/server.pem\nTLSCertificateKeyFile {_dir.Path}/server.key\n";
        }

        await File.WriteAllTextAsync(conf, $"""
            include /etc/ldap/schema/core.schema
            include /etc/ldap/schema/cosine.schema
            include /etc/ldap/schema/inetorgperson.schema
            modulepath /usr/lib/ldap
            moduleload back_mdb
            pidfile {_dir.Path}/slapd.pid
            {tls}
            database mdb
            maxsize 10485760
            suffix "{Suffix}"
            rootdn "cn=root,{Suffix}"
            rootpw {RootPassword}
            directory {db}
            access to attrs=userPassword by self read by anonymous auth by * none
            access to * by users read by * none

            """);
        var users = new[] { "alice", "bob", "carol", "admin" };
        var ldif = $"""
            dn: {Suffix}
            objectClass: dcObject
            objectClass: organization
            o: Example
            dc: example

            dn: {People}
            objectClass: organizationalUnit
            ou: people

            dn: {Groups}
            objectClass: organizationalUnit
            ou: groups

            dn: {ServiceDn}
            objectClass: organizationalRole
            objectClass: simpleSecurityObject
            cn: launcher
            userPassword: {ServicePassword}


            """ + string.Concat(users.Select(u => $"""
            dn: {Dn(u)}
            objectClass: inetOrgPerson
            uid: {u}
            cn: {u}
            sn: {u}
            userPassword: {u}-pw


            """)) + $"""
            dn: cn=payments,{Groups}
            objectClass: groupOfNames
            cn: payments
            member: {Dn("alice")}
            member: {Dn("bob")}
            member: {Dn("admin")}

            dn: cn=ops,{Groups}
            objectClass: groupOfNames
            cn: ops
            member: {Dn("alice")}
            member: cn=root,{Suffix}

            """;
        var ldifFile = Path.Combine(_dir.Path, "data.ldif");
        await File.WriteAllTextAsync(ldifFile, ldif);
        var add = await ProcessRunner.RunAsync(SlapaddPath, ["-f", conf, "-l", ldifFile], _dir.Path);
        Assert.True(add.ExitCode == 0, $"slapadd: {add}");

        var start = new ProcessStartInfo(SlapdPath) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "-f", conf, "-h", Tls ? $"ldap://127.0.0.1:{Port}/ ldaps://127.0.0.1:{TlsPort}/" : $"ldap://127.0.0.1:{Port}/", "-d", "0" })
        {
            start.ArgumentList.Add(arg);
        }

        _process = Process.Start(start)!;
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(20))
        {
            Assert.False(_process.HasExited, $"slapd exited with {(_process.HasExited ? _process.ExitCode : 0)}");
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync("127.0.0.1", Port);
                if (Tls)
                {
                    using var tlsTcp = new TcpClient();
                    await tlsTcp.ConnectAsync("127.0.0.1", TlsPort);
                }

                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        Assert.Fail($"slapd did not listen on 127.0.0.1:{Port} within 20 s");
    }

    /// <summary>Makes a self-signed CA (<c><paramref name="name"/>.pem</c> and <c>.key</c> in <paramref name="dir"/>) with the real openssl.</summary>
    public static Task MakeCaAsync(string dir, string name, string subject) =>
        OpenSslAsync(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", name + ".key", "-out", name + ".pem",
            "-days", "2", "-subj", "/CN=" + subject, "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");

    private static async Task OpenSslAsync(string dir, params string[] args)
    {
        var run = await ProcessRunner.RunAsync("/usr/bin/openssl", args, dir);
        Assert.True(run.ExitCode == 0, $"openssl {string.Join(' ', args)}: {run}");
    }

    /// <summary>Takes <paramref name="user"/> out of the group <c>cn=<paramref name="group"/></c>, with the real ldapmodify as the directory's root.</summary>
    public async Task RemoveMemberAsync(string group, string user)
    {
        var ldif = $"dn: cn={group},{Groups}\nchangetype: modify\ndelete: member\nmember: {Dn(user)}\n";
        var run = await ProcessRunner.RunAsync("/usr/bin/ldapmodify", ["-x", "-H", Url, "-D", $"cn=root,{Suffix}", "-w", RootPassword], _dir.Path, stdin: ldif);
        Assert.True(run.ExitCode == 0, $"ldapmodify: {run}");
    }

    /// <summary>Stops the server: the directory is down from then on.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process?.Dispose();
        _dir.Dispose();
    }
}
