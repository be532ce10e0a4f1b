using AppLauncher.Hosting;
using AppLauncher.Security;
using AppLauncher.Settings;

namespace AppLauncher.Tests.Hosting;

public sealed class LauncherSettingsLoaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private (LauncherSettings? Settings, IReadOnlyList<string> Errors) Load(string? yaml, params (string Key, string Value)[] env)
    {
        var environment = env.ToDictionary(e => e.Key, e => (string?)e.Value);
        environment.TryAdd("LAUNCHER_DATA", Path.Combine(_dir.Path, "data"));
        if (yaml is not null)
        {
            var file = Path.Combine(_dir.Path, "launcher.yaml");
            File.WriteAllText(file, yaml);
            environment["LAUNCHER_CONFIG"] = file;
        }

        return LauncherSettingsLoader.Load(environment);
    }

    [Fact]
    public void Load_NoToken_GeneratesOneAndKeepsItForTheNextStart()
    {
        var (first, _) = Load("domain: localhost\n");
        var (second, _) = Load("domain: localhost\n");

        Assert.True(first!.TokenGenerated);
        Assert.False(second!.TokenGenerated);
        Assert.Equal(first.Token.Value, second.Token.Value);
        var file = Path.Combine(_dir.Path, "data", LauncherSettingsLoader.TokenFile);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
    }

    [Fact]
    public void Load_FreshDataDirectory_IsOwnerOnlyAndSoAreItsSecretFiles()
    {
        var (settings, _) = Load("domain: localhost\n");
        new SecretBox(Path.Combine(settings!.DataDirectory, SecretBox.KeyFileName)).Seal("v", "ctx");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(settings.DataDirectory));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(settings.DataDirectory, LauncherSettingsLoader.TokenFile)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(settings.DataDirectory, SecretBox.KeyFileName)));
    }

    [Fact]
    public void Load_TokenFromEnvironment_Wins()
    {
        var (settings, _) = Load(null, ("LAUNCHER_ADMIN_TOKEN", "chosen"));

        Assert.Equal("chosen", settings!.Token.Value);
        Assert.False(settings.TokenGenerated);
    }

    [Fact]
    public void Load_BadFile_ReturnsErrorsNamingFileLineAndField()
    {
        var (settings, errors) = Load("server:\n  listen: nonsense\n");

        Assert.Null(settings);
        var error = Assert.Single(errors);
        Assert.EndsWith("launcher.yaml:2: server.listen: must be an absolute http:// URL with a port, e.g. http://localhost:8080", error);
    }

    [Fact]
    public void Load_BadOverride_IsValidatedToo()
    {
        var (settings, errors) = Load(null, ("LAUNCHER_LISTEN", "localhost:8080"));

        Assert.Null(settings);
        Assert.Contains("server.listen", Assert.Single(errors));
    }

    [Fact]
    public void Load_MissingConfigFileNamedByEnvironment_IsAnError()
    {
        var (settings, errors) = Load(null, ("LAUNCHER_CONFIG", Path.Combine(_dir.Path, "nope.yaml")));

        Assert.Null(settings);
        Assert.Contains("does not exist", Assert.Single(errors));
    }

    [Fact]
    public void Load_BuildpacksDirectory_IsRelativeToTheConfigFile()
    {
        var (settings, _) = Load("buildpacksDirectory: packs\n");

        Assert.Equal(Path.Combine(_dir.Path, "packs"), settings!.BuildpacksDirectory);
    }

    [Fact]
    public void Load_DatabaseUrl_ChoosesThePostgresStore()
    {
        var (settings, errors) = Load("store:\n  provider: sqlite\n", ("LAUNCHER_DATABASE_URL", "postgres://launcher:pw@db.example.com:5433/launcher"));

        Assert.Empty(errors);
        Assert.Equal(("postgres", "postgres://launcher:pw@db.example.com:5433/launcher"), (settings!.Config.Store.Provider, settings.Config.Store.ConnectionString));
    }

    [Fact]
    public void Load_DatabaseUrlWithoutADatabase_IsAnErrorNamingTheVariable()
    {
        var (settings, errors) = Load(null, ("LAUNCHER_DATABASE_URL", "postgres://launcher:pw@db.example.com:5433"));

        Assert.Null(settings);
        Assert.StartsWith("LAUNCHER_DATABASE_URL: ", Assert.Single(errors), StringComparison.Ordinal);
        Assert.Contains("names no database", errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Load_PostgresWithoutConnectionString_IsAnErrorNamingTheField()
    {
        var (settings, errors) = Load("store:\n  provider: postgres\n");

        Assert.Null(settings);
        Assert.Contains("store.connectionString", Assert.Single(errors), StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();
}
