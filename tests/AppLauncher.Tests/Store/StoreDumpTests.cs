using System.Text.Json;
using AppLauncher.Core.Apps;
using AppLauncher.Security;
using AppLauncher.Store;

namespace AppLauncher.Tests.Store;

/// <summary>
/// Export from one store and import into another — the same provider (a backup restored) or the other one (SQLite →
/// PostgreSQL and back): everything the store API reads afterwards is what it read before, new rows continue the
/// numbering, and a target that holds data or another key is refused with nothing written.
/// </summary>
public abstract class StoreDumpTests(StoreProvider source, StoreProvider target) : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    public async Task InitializeAsync()
    {
        await source.InitializeAsync();
        await target.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await source.DisposeAsync();
        await target.DisposeAsync();
    }

    /// <summary>A source with a row in every table, sealed values among them.</summary>
    private async Task<IStore> PopulatedSourceAsync()
    {
        var store = source.Create();
        await store.MigrateAsync(default);
        foreach (var app in new[] { "hello", "shop" })
        {
            await store.EnsureAppAsync(app, Now, default);
            var build = await store.StartBuildAsync(app, "c0ffee1", Now, default);
            await store.FinishBuildAsync(build, BuildStatus.Succeeded, "node", null, Now.AddSeconds(30), default);
            await store.ChangeConfigAsync(app, new Dictionary<string, ConfigValue> { ["TOKEN"] = new("s3cret-" + app, true), ["MODE"] = new("prod", false) }, [], "ann@example.com", Now, default);
            var revision = await store.AddRevisionAsync(app, $"launcher/{app}:1", "sha256:ab", "c0ffee1", "node", Now, default, port: 3000, healthPath: "/health",
                env: await store.EnvironmentAsync(app, default), change: "deploy c0ffee1", actor: "ann@example.com", appFile: "port: 3000\n");
            await store.SetCurrentRevisionAsync(app, revision.Name, Now.AddMinutes(1), default);
        }

        await store.StartBuildAsync("hello", "badbeef", Now.AddHours(1), default);
        await store.SetAutoscalingAsync("hello", """{"min":1,"max":4}""", default);
        await store.SetTrafficAsync("hello", """{"targets":[]}""", default);
        await store.AddDomainAsync("www.shop.com", "shop", "tok", Now, default);
        await store.SetDomainVerifiedAsync("www.shop.com", Now.AddMinutes(2), default);
        await ((IRemoteStore)store).SetRemoteAsync(new RemoteRecord("shop", "https://github.com/acme/shop.git", "main", "v*", true, "token:ghp-dumped", "hook-dumped", 60, RemoteStatus.Ok, null, Now, Now), default);
        await ((IRemoteStore)store).SetRemoteRefAsync("shop", "refs/heads/main", "c0ffee1", default);
        await ((IRemoteStore)store).AddDeliveryAsync("github:shop:d1", "shop", Now, Now.AddDays(-30), default);
        return store;
    }

    private async Task<IStore> TargetWithTheSourceKeyAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target.KeyPath)!);
        File.Copy(source.KeyPath, target.KeyPath, overwrite: true);
        var store = target.Create();
        await store.MigrateAsync(default);
        return store;
    }

    /// <summary>Everything the store API reads, as one text to compare.</summary>
    private static async Task<string> ReadEverythingAsync(IStore store)
    {
        var apps = new List<object>();
        foreach (var app in await store.ListAppsAsync(default))
        {
            apps.Add(new
            {
                app,
                builds = await store.ListBuildsAsync(app.Name, default),
                revisions = (await store.ListRevisionsAsync(app.Name, default)).Select(r => new { r, r.Env, r.AppFile }),
                config = await store.ListConfigAsync(app.Name, default),
                autoscaling = await store.GetAutoscalingAsync(app.Name, default),
                traffic = await store.GetTrafficAsync(app.Name, default),
                domains = await store.ListDomainsAsync(app.Name, default),
                remote = await ((IRemoteStore)store).GetRemoteAsync(app.Name, default) is { } remote ? new { remote, remote.Credentials, remote.WebhookSecret } : null,
                remoteRefs = await ((IRemoteStore)store).GetRemoteRefsAsync(app.Name, default),
            });
        }

        return JsonSerializer.Serialize(apps, new JsonSerializerOptions { WriteIndented = true });
    }

    [Fact]
    public async Task ImportAsync_OfAnExport_ReadsBackTheSame()
    {
        var from = await PopulatedSourceAsync();
        var dump = await from.ExportAsync(default);
        var to = await TargetWithTheSourceKeyAsync();

        await to.ImportAsync(dump, default);

        var before = await ReadEverythingAsync(from);
        Assert.Contains("s3cret-shop", before);
        Assert.Contains("ghp-dumped", before);
        Assert.Equal(before, await ReadEverythingAsync(to));
        Assert.Equal(new[] { "acme_accounts", "alert_history", "apps", "audit", "builds", "certificates", "config_vars", "cron_runs", "domains", "memberships", "process_restarts", "remote_refs", "remotes", "revisions", "store_meta", "teams", "tokens", "users", "webhook_deliveries" }, dump.Tables.Select(t => t.Name).Order(StringComparer.Ordinal));
        // Parents first: apps (and teams) before every table that refers to them.
        var order = dump.Tables.Select(t => t.Name).ToList();
        Assert.All(new[] { "builds", "config_vars", "cron_runs", "domains", "revisions" }, child => Assert.True(order.IndexOf("apps") < order.IndexOf(child), $"apps after {child}: {string.Join(", ", order)}"));
    }

    [Fact]
    public async Task ImportAsync_NewRowsContinueTheNumbering()
    {
        var dump = await (await PopulatedSourceAsync()).ExportAsync(default);
        var to = await TargetWithTheSourceKeyAsync();
        await to.ImportAsync(dump, default);

        var build = await to.StartBuildAsync("hello", "f00d", Now, default);
        var revision = await to.AddRevisionAsync("hello", "launcher/hello:2", "sha256:cd", "f00d", "node", Now, default);

        Assert.Equal(4, build);
        Assert.Equal("hello-00002", revision.Name);
        Assert.Equal(5, await to.StartBuildAsync("shop", "f00d", Now, default));
    }

    [Fact]
    public async Task ImportAsync_TargetHoldsData_IsRefusedAndChangesNothing()
    {
        var dump = await (await PopulatedSourceAsync()).ExportAsync(default);
        var to = await TargetWithTheSourceKeyAsync();
        await to.EnsureAppAsync("existing", Now, default);

        var e = await Assert.ThrowsAsync<StoreException>(() => to.ImportAsync(dump, default));

        Assert.Contains("already holds data (1 rows in apps)", e.Message);
        Assert.Equal(["existing"], (await to.ListAppsAsync(default)).Select(a => a.Name));
    }

    [Fact]
    public async Task ImportAsync_TargetHasAnotherKey_IsRefusedBeforeWriting()
    {
        var dump = await (await PopulatedSourceAsync()).ExportAsync(default);
        new SecretBox(target.KeyPath).Seal("x", "y");
        var to = target.Create();
        await to.MigrateAsync(default);

        var e = await Assert.ThrowsAsync<SecretsException>(() => to.ImportAsync(dump, default));

        Assert.Contains("put the original secrets.key back", e.Message);
        Assert.Empty(await to.ListAppsAsync(default));
    }

    [Fact]
    public async Task ImportAsync_UnknownTableOrDamagedRow_IsRefusedNamingIt()
    {
        var dump = await (await PopulatedSourceAsync()).ExportAsync(default);
        var to = await TargetWithTheSourceKeyAsync();
        var extra = dump with { Tables = [.. dump.Tables, new TableDump("gadgets", ["id"], [])] };
        var apps = dump.Tables.Single(t => t.Name == "apps");
        var damaged = dump with { Tables = [.. dump.Tables.Select(t => t == apps ? apps with { Rows = [apps.Rows[0].Take(1).ToList()] } : t)] };

        var unknown = await Assert.ThrowsAsync<StoreException>(() => to.ImportAsync(extra, default));
        var broken = await Assert.ThrowsAsync<StoreException>(() => to.ImportAsync(damaged, default));

        Assert.Contains("a table 'gadgets'", unknown.Message);
        Assert.Contains("has a row of 1 values", broken.Message);
        Assert.Empty(await to.ListAppsAsync(default));
    }
}

/// <summary>A SQLite store copied into another SQLite file (a backup restored).</summary>
public sealed class SqliteToSqliteDumpTests() : StoreDumpTests(new SqliteStoreProvider(), new SqliteStoreProvider());

/// <summary>SQLite → PostgreSQL: the migration of an installation that outgrew its file.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SqliteToPostgresDumpTests(PostgresCluster cluster) : StoreDumpTests(new SqliteStoreProvider(), new PostgresStoreProvider(cluster));

/// <summary>PostgreSQL → SQLite, and PostgreSQL → PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresToSqliteDumpTests(PostgresCluster cluster) : StoreDumpTests(new PostgresStoreProvider(cluster), new SqliteStoreProvider());

[Collection(PostgresCollection.Name)]
public sealed class PostgresToPostgresDumpTests(PostgresCluster cluster) : StoreDumpTests(new PostgresStoreProvider(cluster), new PostgresStoreProvider(cluster));
