using AppLauncher.Store;

namespace AppLauncher.Tests.Store;

/// <summary>What every store contract test class has: one empty database of one provider per test, and a fixed clock.</summary>
public abstract class StoreContract(StoreProvider provider) : IAsyncLifetime
{
    protected static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    protected StoreProvider Provider { get; } = provider;

    /// <summary>A new store on the test's database, migrated.</summary>
    protected async Task<IStore> MigratedStoreAsync()
    {
        var store = Provider.Create();
        await store.MigrateAsync(default);
        return store;
    }

    public Task InitializeAsync() => Provider.InitializeAsync();

    public async Task DisposeAsync() => await Provider.DisposeAsync();
}
