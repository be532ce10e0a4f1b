using AppLauncher.Store;

namespace AppLauncher.Tests.Store;

/// <summary>The store's contract for custom domains and app deletion, run against every provider.</summary>
public abstract class StoreDomainsTests(StoreProvider provider) : StoreContract(provider)
{
    private async Task<IStore> StoreAsync()
    {
        var store = await MigratedStoreAsync();
        await store.EnsureAppAsync("a", Now, default);
        await store.EnsureAppAsync("b", Now, default);
        return store;
    }

    [Fact]
    public async Task AddDomainAsync_SecondTime_IsRefusedForAnyApp()
    {
        var store = await StoreAsync();

        Assert.True(await store.AddDomainAsync("www.example.com", "a", "t1", Now, default));
        Assert.False(await store.AddDomainAsync("www.example.com", "b", "t2", Now, default));
        Assert.False(await store.AddDomainAsync("www.example.com", "a", "t3", Now, default));

        var domain = await store.GetDomainAsync("www.example.com", default);
        Assert.Equal(new DomainRecord("www.example.com", "a", DomainStatus.Pending, "t1", Now, null), domain);
    }

    [Fact]
    public async Task SetDomainVerifiedAsync_RecordsStatusAndTime()
    {
        var store = await StoreAsync();
        await store.AddDomainAsync("shop.example.com", "a", "t", Now, default);

        await store.SetDomainVerifiedAsync("shop.example.com", Now.AddMinutes(5), default);

        var domain = (await store.ListDomainsAsync("a", default)).Single();
        Assert.Equal(DomainStatus.Verified, domain.Status);
        Assert.Equal(Now.AddMinutes(5), domain.VerifiedAt);
    }

    [Fact]
    public async Task ListDomainsAsync_PerAppOrAll_SortedByName()
    {
        var store = await StoreAsync();
        await store.AddDomainAsync("z.example.com", "a", "t", Now, default);
        await store.AddDomainAsync("m.example.com", "b", "t", Now, default);
        await store.AddDomainAsync("b.example.com", "a", "t", Now, default);

        Assert.Equal(["b.example.com", "z.example.com"], (await store.ListDomainsAsync("a", default)).Select(d => d.Name));
        Assert.Equal(["b.example.com", "m.example.com", "z.example.com"], (await store.ListDomainsAsync(null, default)).Select(d => d.Name));
    }

    [Fact]
    public async Task RemoveDomainAsync_FreesTheName()
    {
        var store = await StoreAsync();
        await store.AddDomainAsync("www.example.com", "a", "t", Now, default);

        Assert.True(await store.RemoveDomainAsync("www.example.com", default));
        Assert.False(await store.RemoveDomainAsync("www.example.com", default));
        Assert.True(await store.AddDomainAsync("www.example.com", "b", "t", Now, default));
    }

    [Fact]
    public async Task DeleteAppAsync_RemovesItsBuildsRevisionsAndDomainsOnly()
    {
        var store = await StoreAsync();
        var build = await store.StartBuildAsync("a", "c1", Now, default);
        await store.FinishBuildAsync(build, BuildStatus.Succeeded, "node", null, Now, default);
        await store.AddRevisionAsync("a", "img", "sha", "c1", "node", Now, default);
        await store.AddRevisionAsync("b", "img", "sha", "c1", "node", Now, default);
        await store.AddDomainAsync("a.example.com", "a", "t", Now, default);
        await store.AddDomainAsync("b.example.com", "b", "t", Now, default);

        Assert.True(await store.DeleteAppAsync("a", default));

        Assert.Null(await store.GetAppAsync("a", default));
        Assert.Empty(await store.ListBuildsAsync("a", default));
        Assert.Empty(await store.ListRevisionsAsync("a", default));
        Assert.Null(await store.GetDomainAsync("a.example.com", default));
        Assert.Single(await store.ListRevisionsAsync("b", default));
        Assert.NotNull(await store.GetDomainAsync("b.example.com", default));
        Assert.False(await store.DeleteAppAsync("a", default));
    }
}
