using AppLauncher.Security;
using AppLauncher.Store;

namespace AppLauncher.Tests.Store;

/// <summary>What only a server database has: several servers migrating at once, and a server that is not there.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreMigrationTests(PostgresCluster cluster) : IAsyncLifetime
{
    private readonly PostgresStoreProvider _provider = new(cluster);

    [Fact]
    public async Task MigrateAsync_TwoServersOnAnEmptyDatabaseAtOnce_BothSucceedAndEachVersionIsAppliedOnce()
    {
        var stores = Enumerable.Range(0, 3).Select(_ => _provider.Create()).ToList();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var migrations = stores.Select(async store =>
        {
            await start.Task;
            await store.MigrateAsync(default);
        }).ToList();

        start.SetResult();
        await Task.WhenAll(migrations);

        var known = ((SqlStore)stores[0]).Migrations.Count;
        Assert.Equal(known, await _provider.CountAsync("SELECT COUNT(*) FROM schema_version"));
        Assert.Equal(known, await _provider.CountAsync("SELECT MAX(version) FROM schema_version"));
        Assert.Equal(0, await _provider.CountAsync($"SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = {PostgresStore.MigrationLockKey & 0xFFFFFFFF}"));
    }

    [Fact]
    public async Task MigrateAsync_NoServerAtTheAddress_FailsNamingHostPortAndDatabaseButNotThePassword()
    {
        var port = LoopbackPorts.Free();
        await using var store = new PostgresStore($"postgres://launcher:hunter2-secret@127.0.0.1:{port}/launcherdb", new SecretBox(_provider.KeyPath));

        var e = await Assert.ThrowsAsync<StoreException>(() => store.MigrateAsync(default));

        Assert.Contains($"127.0.0.1:{port}, database launcherdb, user launcher", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", e.ToString(), StringComparison.Ordinal);
    }

    public Task InitializeAsync() => _provider.InitializeAsync();

    public async Task DisposeAsync() => await _provider.DisposeAsync();
}
