namespace AppLauncher.Tests.Hosting;

/// <summary>The real server binary, started as a user would.</summary>
public sealed class ServerProcessTests
{
    [Fact]
    public async Task Start_WithBadLauncherYaml_StopsWithExitCode2AndNamesFileLineFieldAndRule()
    {
        using var dir = new TempDirectory();
        var config = Path.Combine(dir.Path, "launcher.yaml");
        await File.WriteAllTextAsync(config, "domain: localhost\ndeploy:\n  readyTimeoutSeconds: -5\n");
        var server = Path.Combine(AppContext.BaseDirectory, "AppLauncher.Host.dll");

        var result = await ProcessRunner.RunAsync("dotnet", [server], dir.Path,
            new Dictionary<string, string> { ["LAUNCHER_CONFIG"] = config, ["LAUNCHER_DATA"] = Path.Combine(dir.Path, "data") }, TimeSpan.FromSeconds(60));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("AppLauncher cannot start: the configuration is not valid.", result.Output);
        Assert.Contains($"{config}:3: deploy.readyTimeoutSeconds: must be between 1 and 3600 seconds", result.Output);
        Assert.DoesNotContain("   at ", result.Output);
    }
}

/// <summary>The real server binary's <c>store copy</c>: a SQLite installation moved into a real PostgreSQL 15.</summary>
[Collection(AppLauncher.Tests.Store.PostgresCollection.Name)]
public sealed class StoreCopyProcessTests(AppLauncher.Tests.Store.PostgresCluster cluster)
{
    [Fact]
    public async Task StoreCopy_SqliteToPostgres_MovesEveryAppAndRefusesASecondCopy()
    {
        using var dir = new TempDirectory();
        var data = Path.Combine(dir.Path, "data");
        Directory.CreateDirectory(data);
        var now = DateTimeOffset.UtcNow;
        var sqlite = AppLauncher.Store.StoreFactory.Create(new AppLauncher.Core.Config.StoreConfig(), data);
        await sqlite.MigrateAsync(default);
        await sqlite.EnsureAppAsync("hello", now, default);
        await sqlite.ChangeConfigAsync("hello", new Dictionary<string, AppLauncher.Core.Apps.ConfigValue> { ["TOKEN"] = new("pw-77", true) }, [], "ann", now, default);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var database = await cluster.CreateDatabaseAsync();
        var url = $"postgres://postgres@127.0.0.1:{cluster.Port}/{database}";
        var server = Path.Combine(AppContext.BaseDirectory, "AppLauncher.Host.dll");
        var environment = new Dictionary<string, string> { ["LAUNCHER_DATA"] = data };

        var copy = await ProcessRunner.RunAsync("dotnet", [server, "store", "copy", "--to", url], dir.Path, environment, TimeSpan.FromSeconds(60));
        var again = await ProcessRunner.RunAsync("dotnet", [server, "store", "copy", "--to", url], dir.Path, environment, TimeSpan.FromSeconds(60));

        Assert.True(copy.ExitCode == 0, copy.ToString());
        Assert.Contains("apps: 1 rows", copy.Output);
        Assert.Contains("config_vars: 1 rows", copy.Output);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("nothing was written", again.Output);
        Assert.Contains("already holds data (1 rows in apps)", again.Output);
        await using var postgres = (IAsyncDisposable)AppLauncher.Store.StoreFactory.Create(
            new AppLauncher.Core.Config.StoreConfig { Provider = "postgres", ConnectionString = url }, data);
        var moved = (AppLauncher.Store.IStore)postgres;
        Assert.Equal("pw-77", (await moved.ListConfigAsync("hello", default)).Single().Value);
    }
}
