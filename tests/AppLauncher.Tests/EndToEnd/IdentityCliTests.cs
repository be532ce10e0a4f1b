using System.Text.Json;

namespace AppLauncher.Tests.EndToEnd;

/// <summary>The CLI's identity commands against a real server: teams, tokens, login, whoami, audit, and what a developer may not do.</summary>
[Collection(LauncherCollection.Name)]
public sealed class IdentityCliTests(LauncherFixture launcher) : IDisposable
{
    private readonly TempDirectory _config = new();

    public void Dispose() => _config.Dispose();

    /// <summary>Runs scripts/launcher with the owner's token, or (token null) with only what 'launcher login' stored.</summary>
    private Task<ProcessRunner.Result> LauncherAsync(string? token, string[] args, string? stdin = null)
    {
        var env = new Dictionary<string, string> { ["LAUNCHER_URL"] = launcher.ControlUrl, ["XDG_CONFIG_HOME"] = _config.Path, ["LAUNCHER_DATA"] = _config.Path };
        if (token is not null)
        {
            env["LAUNCHER_TOKEN"] = token;
        }

        return ProcessRunner.RunAsync(Path.Combine(RepositoryRoot.Path, "scripts", "launcher"), args, RepositoryRoot.Path, env, TimeSpan.FromMinutes(3), stdin);
    }

    [Fact]
    public async Task Cli_TeamsTokensLoginWhoamiAudit_AndRefusals()
    {
        var owner = LauncherFixture.Token;
        var team = launcher.Prefix + "-cli";
        var app = launcher.AppName("cli");
        var carol = $"carol-{launcher.Prefix}";

        Assert.Equal(0, (await LauncherAsync(owner, ["teams", "create", team])).ExitCode);
        Assert.Equal(0, (await LauncherAsync(owner, ["teams", "add", team, carol, "--role", "developer"])).ExitCode);
        var created = await LauncherAsync(owner, ["tokens", "create", "--name", "laptop", "--user", carol, "--json"]);
        Assert.True(created.ExitCode == 0, created.ToString());
        var token = JsonDocument.Parse(created.Output.Trim()).RootElement.GetProperty("token").GetString()!;
        Assert.StartsWith("lt_", token, StringComparison.Ordinal);

        var login = await LauncherAsync(null, ["login"], stdin: token + "\n");
        Assert.True(login.ExitCode == 0, login.ToString());
        AssertOutput.Contains($"Logged in as {carol}", login);
        var stored = Path.Combine(_config.Path, "launcher", "token");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(stored));

        var whoami = await LauncherAsync(null, ["whoami"]);
        AssertOutput.Contains($"user:  {carol}", whoami);
        AssertOutput.Contains($"team:  {team} (developer)", whoami);

        Assert.Equal(0, (await LauncherAsync(null, ["apps", "create", app, "--team", team])).ExitCode);
        var wider = await LauncherAsync(null, ["tokens", "create", "--name", "wide", "--team", team, "--role", "admin"]);
        Assert.NotEqual(0, wider.ExitCode);
        AssertOutput.Contains($"a token with admin in team '{team}' needs that role there", wider);
        var gc = await LauncherAsync(null, ["gc", "--dry-run"]);
        Assert.NotEqual(0, gc.ExitCode);
        AssertOutput.Contains("platform owner", gc);
        var destroy = await LauncherAsync(null, ["apps", "destroy", app, "--confirm", app]);
        Assert.NotEqual(0, destroy.ExitCode);
        AssertOutput.Contains($"needs the admin role in team '{team}'", destroy);

        var list = await LauncherAsync(null, ["tokens", "list"]);
        AssertOutput.Contains("laptop", list);
        AssertOutput.DoesNotContain(token, list);
        Assert.Equal(0, (await LauncherAsync(null, ["tokens", "revoke", "laptop"])).ExitCode);
        var revoked = await LauncherAsync(null, ["whoami"]);
        Assert.NotEqual(0, revoked.ExitCode);
        AssertOutput.Contains("was revoked at", revoked);

        var audit = await LauncherAsync(owner, ["audit", "--app", app, "--json"]);
        var entries = JsonDocument.Parse(audit.Output.Trim()).RootElement.EnumerateArray()
            .Select(e => $"{e.GetProperty("actor").GetString()} {e.GetProperty("action").GetString()} {e.GetProperty("outcome").GetString()}").ToList();
        Assert.Contains($"{carol} DELETE /api/apps/{{name}} denied: needs admin in {team}", entries);
    }
}
