using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AppLauncher.Core.Config;
using AppLauncher.Hosting;
using AppLauncher.Security;
using AppLauncher.Settings;
using AppLauncher.Store;
using Microsoft.Data.Sqlite;

namespace AppLauncher.Tests.Identity;

/// <summary>A data directory from before teams (schema version 8, one app, an admin token) keeps working after the upgrade.</summary>
public sealed class IdentityMigrationTests : IDisposable
{
    private const string Token = "old-admin-token-77c1";
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Start_OnAPreTeamsDataDirectory_AppsAreInTheDefaultTeam_AndTheAdminTokenIsTheOwners()
    {
        await using (var db = new SqliteConnection($"Data Source={Path.Combine(_data.Path, StoreFactory.DatabaseFile)};Pooling=false"))
        {
            await db.OpenAsync();
            var old = StoreSchema.For(timestamp: "TEXT", boolean: "INTEGER", identity: "INTEGER PRIMARY KEY AUTOINCREMENT")[..8];
            var sql = "CREATE TABLE schema_version (version INTEGER NOT NULL);" + string.Concat(old) +
                      string.Concat(Enumerable.Range(1, 8).Select(v => $"INSERT INTO schema_version VALUES ({v});")) +
                      "INSERT INTO apps (name, created_at) VALUES ('legacy', '2026-01-01T00:00:00.0000000+00:00');";
            await using var command = db.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }

        var port = LoopbackPorts.Free();
        var config = new PlatformConfig { Server = new ServerConfig { Listen = $"http://localhost:{port}" }, Tls = new TlsConfig { Enabled = false }, DataDirectory = _data.Path };
        var settings = new LauncherSettings(config, "launcher.yaml", _data.Path, Path.Combine(RepositoryRoot.Path, "buildpacks"), new AdminToken(Token), TokenGenerated: false);
        await using var app = await LauncherApp.CreateAsync(settings);
        await app.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://localhost:{port}") };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            var apps = JsonDocument.Parse(await http.GetStringAsync("/api/apps")).RootElement;
            Assert.Equal(("legacy", "apps"), (apps[0].GetProperty("name").GetString(), apps[0].GetProperty("team").GetString()));
            var me = JsonDocument.Parse(await http.GetStringAsync("/api/whoami")).RootElement;
            Assert.Equal(("admin", true, "admin-token"), (me.GetProperty("user").GetString(), me.GetProperty("owner").GetBoolean(), me.GetProperty("token").GetString()));
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/apps/legacy/config")).StatusCode);
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
