using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AppLauncher.Core.Config;
using AppLauncher.Hosting;
using AppLauncher.Identity;
using AppLauncher.Security;
using AppLauncher.Settings;
using Microsoft.AspNetCore.Builder;
using Xunit.Abstractions;

namespace AppLauncher.Tests.Identity;

/// <summary>
/// <c>POST /api/login/ldap</c> against a real OpenLDAP (<see cref="Slapd"/>) with real binds, through a real server
/// whose launcher.yaml maps cn=payments → payments/developer and cn=ops → payments/admin and ops/viewer.
/// </summary>
public sealed class LdapLoginTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string OwnerToken = "owner-token-ldap-7c2e";
    private readonly TempDirectory _dir = new();
    private readonly int _port = LoopbackPorts.Free();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private Slapd? _slapd;
    private WebApplication? _app;

    private string ConfigFile => Path.Combine(_dir.Path, "launcher.yaml");

    private string Yaml(string groups, int maxFailures = 5) => $"""
        server:
          listen: http://localhost:{_port}
        dataDirectory: {Path.Combine(_dir.Path, "data")}
        identity:
          ldap:
            url: {_slapd!.Url}
            userDn: uid={"{user}"},{Slapd.People}
            groupBase: {Slapd.Groups}
            timeoutSeconds: 3
            maxFailuresPerMinute: {maxFailures}
            groups:
        {groups}
        """;

    private static readonly string Mappings = $"""
              - group: cn=payments,{Slapd.Groups}
                team: payments
                role: developer
              - group: CN=ops, OU=groups, DC=example, DC=org
                team: payments
                role: admin
              - group: cn=ops,{Slapd.Groups}
                team: ops
                role: viewer
        """;

    public async Task InitializeAsync()
    {
        _slapd = await Slapd.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await StopServerAsync();
        if (_slapd is not null)
        {
            await _slapd.DisposeAsync();
        }

        _http.Dispose();
        _dir.Dispose();
    }

    private (LauncherSettings? Settings, IReadOnlyList<string> Errors) Load(string yaml)
    {
        File.WriteAllText(ConfigFile, yaml);
        return LauncherSettingsLoader.Load(new Dictionary<string, string?> { ["LAUNCHER_CONFIG"] = ConfigFile, ["LAUNCHER_ADMIN_TOKEN"] = OwnerToken, ["LAUNCHER_TLS_LISTEN"] = "off" });
    }

    /// <summary>The teams exist first (made by the owner on a server without the mapping), then the server starts with it.</summary>
    private async Task StartAsync(int maxFailures = 5, string? yaml = null)
    {
        var (plain, errors) = Load($"server:\n  listen: http://localhost:{_port}\ndataDirectory: {Path.Combine(_dir.Path, "data")}\n");
        Assert.Empty(errors);
        _app = await LauncherApp.CreateAsync(plain!);
        await _app.StartAsync();
        foreach (var team in new[] { "payments", "ops" })
        {
            using var made = await SendAsync(HttpMethod.Post, "/api/teams", new { name = team }, OwnerToken);
            Assert.Equal(HttpStatusCode.Created, made.StatusCode);
        }

        await StopServerAsync();
        var (settings, ldapErrors) = Load(yaml ?? Yaml(Mappings, maxFailures));
        Assert.Empty(ldapErrors);
        _app = await LauncherApp.CreateAsync(settings!);
        await _app.StartAsync();
    }

    private async Task StopServerAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body, string? token)
    {
        using var request = new HttpRequestMessage(method, $"http://127.0.0.1:{_port}{path}") { Content = body is null ? null : JsonContent.Create(body) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await _http.SendAsync(request);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> LoginAsync(string user, string password)
    {
        var response = await SendAsync(HttpMethod.Post, "/api/login/ldap", new { user, password }, null);
        var text = await response.Content.ReadAsStringAsync();
        output.WriteLine($"login {user}: {(int)response.StatusCode} {text}");
        return (response.StatusCode, JsonDocument.Parse(text.Length == 0 ? "{}" : text).RootElement, response);
    }

    private async Task<JsonElement> WhoAmIAsync(string token)
    {
        using var response = await SendAsync(HttpMethod.Get, "/api/whoami", null, token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Fact]
    public async Task RightPassword_IssuesAPersonalToken_WithTheTeamsTheGroupsMapTo()
    {
        await StartAsync();
        var (status, body, _) = await LoginAsync("alice", "alice-pw");
        Assert.Equal(HttpStatusCode.Created, status);
        var token = body.GetProperty("token").GetString()!;
        var expires = body.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expires - DateTimeOffset.UtcNow, TimeSpan.FromDays(29.9), TimeSpan.FromDays(30.1));

        // Two groups map to payments: the higher role wins; ops (written with other case and spaces) matches too.
        var me = await WhoAmIAsync(token);
        Assert.Equal("alice", me.GetProperty("user").GetString());
        Assert.False(me.GetProperty("owner").GetBoolean());
        Assert.Equal("admin", me.GetProperty("teams").GetProperty("payments").GetString());
        Assert.Equal("viewer", me.GetProperty("teams").GetProperty("ops").GetString());

        var (bobStatus, bobBody, _) = await LoginAsync("bob", "bob-pw");
        Assert.Equal(HttpStatusCode.Created, bobStatus);
        var bob = await WhoAmIAsync(bobBody.GetProperty("token").GetString()!);
        Assert.Equal("developer", bob.GetProperty("teams").GetProperty("payments").GetString());
        Assert.False(bob.GetProperty("teams").TryGetProperty("ops", out _));

        // The token is stored hashed like any personal token and listed (never its value).
        using var list = await SendAsync(HttpMethod.Get, "/api/tokens", null, token);
        var listed = await list.Content.ReadAsStringAsync();
        Assert.Contains("ldap-", listed, StringComparison.Ordinal);
        Assert.DoesNotContain(token, listed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LeavingAGroup_LosesWhatItGave_AtTheNextLogin_AndEveryAttemptIsAudited()
    {
        await StartAsync();
        Assert.Equal(HttpStatusCode.Created, (await LoginAsync("alice", "alice-pw")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync("alice", "typo")).Status);

        await _slapd!.RemoveMemberAsync("ops", "alice");
        var (status, body, _) = await LoginAsync("alice", "alice-pw");
        Assert.Equal(HttpStatusCode.Created, status);
        var me = await WhoAmIAsync(body.GetProperty("token").GetString()!);
        Assert.Equal("developer", me.GetProperty("teams").GetProperty("payments").GetString());
        Assert.False(me.GetProperty("teams").TryGetProperty("ops", out _), me.ToString());

        using var audit = await SendAsync(HttpMethod.Get, "/api/audit", null, OwnerToken);
        var entries = JsonDocument.Parse(await audit.Content.ReadAsStringAsync()).RootElement.EnumerateArray()
            .Where(e => e.GetProperty("action").GetString() == "login ldap").Select(e => $"{e.GetProperty("actor").GetString()}: {e.GetProperty("outcome").GetString()}").ToList();
        output.WriteLine(string.Join("\n", entries));
        Assert.Equal(["alice: ok: developer in payments", "alice: failed: wrong user name or password", "alice: ok: admin in payments, viewer in ops"], entries);
        Assert.DoesNotContain("alice-pw", await (await SendAsync(HttpMethod.Get, "/api/audit", null, OwnerToken)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongPassword_And_UnknownUser_Get_TheSame401()
    {
        await StartAsync();
        var (wrong, wrongBody, _) = await LoginAsync("alice", "not-her-password");
        var (unknown, unknownBody, _) = await LoginAsync("mallory", "whatever");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown);
        Assert.Equal(wrongBody.GetProperty("detail").GetString(), unknownBody.GetProperty("detail").GetString());

        // An empty password would be an unauthenticated bind, which slapd accepts for any DN.
        var (empty, _, _) = await LoginAsync("alice", "");
        Assert.Equal(HttpStatusCode.BadRequest, empty);
        Assert.Equal(DirectoryOutcome.InvalidCredentials, new LdapDirectory(LdapConfig()).Login("alice", "").Outcome);

        // A directory entry with the owner's name does not become the owner; someone in no mapped group gets no token.
        Assert.Equal(HttpStatusCode.Forbidden, (await LoginAsync("admin", "admin-pw")).Status);
        var (carol, carolBody, _) = await LoginAsync("carol", "carol-pw");
        Assert.Equal(HttpStatusCode.Forbidden, carol);
        Assert.Contains("identity.ldap.groups", carolBody.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailedLogins_AreLimited_PerUser_ThenPerAddress_429WithRetryAfter()
    {
        await StartAsync(maxFailures: 3);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync("bob", "guess" + i)).Status);
        }

        // Now even the right password is refused, without a bind.
        var (limited, body, response) = await LoginAsync("bob", "bob-pw");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited);
        var retry = response.Headers.RetryAfter?.Delta;
        output.WriteLine($"Retry-After: {retry}");
        Assert.NotNull(retry);
        Assert.InRange(retry!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        Assert.Contains("too many failed logins", body.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // The address is at its limit too (3 failures from 127.0.0.1): another user from it waits as well.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await LoginAsync("alice", "alice-pw")).Status);
    }

    [Fact]
    public async Task FailedLogins_StayLimited_AcrossARestart_BecauseTheStoreKeepsThem()
    {
        await StartAsync(maxFailures: 2);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync("bob", "guess" + i)).Status);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await LoginAsync("bob", "bob-pw")).Status);
        await StopServerAsync();
        var (settings, errors) = Load(Yaml(Mappings, 2));
        Assert.Empty(errors);
        _app = await LauncherApp.CreateAsync(settings!);
        await _app.StartAsync();

        var (limited, _, response) = await LoginAsync("bob", "bob-pw");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited);
        Assert.InRange(response.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task SearchThenBind_ThroughTheServer_OverStartTls_IssuesAToken()
    {
        await _slapd!.DisposeAsync();
        _slapd = await Slapd.StartAsync(tls: true);
        var passwordFile = Path.Combine(_dir.Path, "bind-password");
        await File.WriteAllTextAsync(passwordFile, Slapd.ServicePassword + "\n");
        await StartAsync(yaml: Yaml(Mappings).Replace($"    userDn: uid={{user}},{Slapd.People}\n", $"""
                userBase: {Slapd.People}
                userFilter: (uid={"{user}"})
                bindDn: {Slapd.ServiceDn}
                bindPasswordFile: {passwordFile}
                startTls: true
                caFile: {_slapd.CaFile}

            """, StringComparison.Ordinal));
        var (status, body, _) = await LoginAsync("alice", "alice-pw");
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("admin", (await WhoAmIAsync(body.GetProperty("token").GetString()!)).GetProperty("teams").GetProperty("payments").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync("alice", "bob-pw")).Status);
    }

    [Fact]
    public async Task DirectoryDown_Is503NamingTheServer_AndExistingTokensKeepWorking()
    {
        await StartAsync();
        var (status, body, _) = await LoginAsync("alice", "alice-pw");
        Assert.Equal(HttpStatusCode.Created, status);
        var token = body.GetProperty("token").GetString()!;

        await _slapd!.StopAsync();
        var (down, downBody, _) = await LoginAsync("alice", "alice-pw");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down);
        Assert.Contains(_slapd.Url, downBody.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("alice", (await WhoAmIAsync(token)).GetProperty("user").GetString());
        Assert.Equal("ok\n", await _http.GetStringAsync($"http://127.0.0.1:{_port}/healthz"));
    }

    [Fact]
    public async Task AGroupMappedToAMissingTeam_StopsStartUp_NamingTheLine()
    {
        var (settings, errors) = Load(Yaml(Mappings));
        Assert.Empty(errors);
        var refused = await Assert.ThrowsAsync<IdentityConfigException>(() => LauncherApp.CreateAsync(settings!));
        output.WriteLine(refused.Message);

        // groups[0] (payments) is on line 13 of the file, groups[2] (ops) on line 19; the default team exists.
        var lines = File.ReadAllLines(ConfigFile);
        Assert.Equal("team: payments", lines[13 - 1].Trim());
        Assert.Contains($"{ConfigFile}:13: identity.ldap.groups[0].team: no team named 'payments'", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"{ConfigFile}:19: identity.ldap.groups[2].team: no team named 'ops'", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TeamsDeclaredInLauncherYaml_AreCreatedAtStart_WithTheirMembers_AndGroupsMayMapToThem()
    {
        var declared = """
              teams:
                - name: payments
                  members:
                    - user: dana
                      role: admin
                    - user: erin
                      role: viewer
                - name: ops

            """;
        var (settings, errors) = Load(Yaml(Mappings).Replace("identity:\n", "identity:\n" + declared, StringComparison.Ordinal));
        Assert.Empty(errors);
        _app = await LauncherApp.CreateAsync(settings!);
        await _app.StartAsync();

        using var teams = await SendAsync(HttpMethod.Get, "/api/teams", null, OwnerToken);
        var listed = JsonDocument.Parse(await teams.Content.ReadAsStringAsync()).RootElement.EnumerateArray()
            .ToDictionary(t => t.GetProperty("name").GetString()!, t => t.GetProperty("members").ToString());
        output.WriteLine(string.Join("\n", listed));
        Assert.Equal("""{"dana":"admin","erin":"viewer"}""", listed["payments"]);
        Assert.Equal("{}", listed["ops"]);

        // A group maps to a declared team; a member the API adds stays across a restart, a declared role is restored.
        Assert.Equal(HttpStatusCode.Created, (await LoginAsync("bob", "bob-pw")).Status);
        using (var demote = await SendAsync(HttpMethod.Put, "/api/teams/payments/members/dana", new { role = "viewer" }, OwnerToken))
        {
            Assert.Equal(HttpStatusCode.OK, demote.StatusCode);
        }

        await StopServerAsync();
        _app = await LauncherApp.CreateAsync(Load(Yaml(Mappings).Replace("identity:\n", "identity:\n" + declared, StringComparison.Ordinal)).Settings!);
        await _app.StartAsync();
        using var again = await SendAsync(HttpMethod.Get, "/api/teams", null, OwnerToken);
        var payments = JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.EnumerateArray().Single(t => t.GetProperty("name").GetString() == "payments");
        Assert.Equal("""{"bob":"developer","dana":"admin","erin":"viewer"}""", payments.GetProperty("members").ToString());

        using var audit = await SendAsync(HttpMethod.Get, "/api/audit", null, OwnerToken);
        var entries = JsonDocument.Parse(await audit.Content.ReadAsStringAsync()).RootElement.EnumerateArray()
            .Where(e => e.GetProperty("actor").GetString() == "launcher.yaml").Select(e => $"{e.GetProperty("action").GetString()} {e.GetProperty("target").GetString()}: {e.GetProperty("outcome").GetString()}").ToList();
        Assert.Equal(["member set dana in payments: ok: admin", "team create ops: ok", "member set erin in payments: ok: viewer", "member set dana in payments: ok: admin", "team create payments: ok"], entries);
    }

    [Fact]
    public void ADeclaredTeamMember_WithAMisspelledRole_IsAConfigurationError_NamingTheLine()
    {
        var (settings, errors) = Load($"server:\n  listen: http://localhost:{_port}\nidentity:\n  teams:\n    - name: payments\n      members:\n        - user: dana\n          role: develper\n");
        Assert.Null(settings);
        Assert.Equal($"{ConfigFile}:8: identity.teams[0].members[0].role: 'develper' is not a role: use viewer, developer or admin", Assert.Single(errors));
    }

    [Fact]
    public void AMisspelledRole_IsAConfigurationError_NamingTheLine()
    {
        var (settings, errors) = Load(Yaml(Mappings.Replace("role: viewer", "role: veiwer", StringComparison.Ordinal)));
        Assert.Null(settings);
        output.WriteLine(string.Join("\n", errors));
        var error = Assert.Single(errors);
        Assert.Equal("role: veiwer", File.ReadAllLines(ConfigFile)[20 - 1].Trim());
        Assert.Equal($"{ConfigFile}:20: identity.ldap.groups[2].role: 'veiwer' is not a role: use viewer, developer or admin", error);
    }

    [Fact]
    public async Task Cli_LoginLdap_ReadsThePasswordFromStdin_StoresTheToken_AndWhoamiUsesIt()
    {
        await StartAsync();
        using var home = new TempDirectory();
        var env = new Dictionary<string, string> { ["LAUNCHER_URL"] = $"http://127.0.0.1:{_port}", ["XDG_CONFIG_HOME"] = home.Path, ["LAUNCHER_DATA"] = home.Path };
        Task<ProcessRunner.Result> Cli(string[] args, string? stdin = null) =>
            ProcessRunner.RunAsync(Path.Combine(RepositoryRoot.Path, "scripts", "launcher"), args, RepositoryRoot.Path, env, TimeSpan.FromMinutes(3), stdin);

        var wrong = await Cli(["login", "--ldap", "--user", "bob"], "not-bobs\n");
        output.WriteLine(wrong.ToString());
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("wrong user name or password", wrong.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(home.Path, "launcher", "token")));

        var login = await Cli(["login", "--ldap", "--user", "bob"], "bob-pw\n");
        output.WriteLine(login.ToString());
        Assert.True(login.ExitCode == 0, login.ToString());
        Assert.Contains("Logged in as bob (developer in payments)", login.Output, StringComparison.Ordinal);
        var stored = (await File.ReadAllTextAsync(Path.Combine(home.Path, "launcher", "token"))).Trim();
        Assert.StartsWith("lt_", stored, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(home.Path, "launcher", "token")));

        var me = await Cli(["whoami"]);
        output.WriteLine(me.ToString());
        Assert.True(me.ExitCode == 0, me.ToString());
        Assert.Contains("bob", me.Output, StringComparison.Ordinal);
        Assert.Contains("payments", me.Output, StringComparison.Ordinal);
    }

    private LdapConfig LdapConfig() => new() { Url = _slapd!.Url, UserDn = $"uid={{user}},{Slapd.People}", GroupBase = Slapd.Groups };
}
