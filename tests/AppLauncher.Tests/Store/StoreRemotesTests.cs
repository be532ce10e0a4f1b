using AppLauncher.Store;

namespace AppLauncher.Tests.Store;

/// <summary>The store's contract for connected apps' remotes, their refs and webhook deliveries, run against every provider.</summary>
public abstract class StoreRemotesTests(StoreProvider provider) : StoreContract(provider)
{
    private static RemoteRecord Remote(string app, string? credentials = "token:ghp_plaintext_123") =>
        new(app, "https://github.com/acme/shop.git", "main", "v*", true, credentials, "hook-secret-456", 60, RemoteStatus.Pending, null, null, Now);

    private async Task<IStore> StoreAsync()
    {
        var store = await MigratedStoreAsync();
        await store.EnsureAppAsync("a", Now, default);
        await store.EnsureAppAsync("b", Now, default);
        return store;
    }

    [Fact]
    public async Task SetRemoteAsync_RoundTrips_WithCredentialsAndSecretSealedAtRest()
    {
        var store = await StoreAsync();
        var remotes = (IRemoteStore)store;

        await remotes.SetRemoteAsync(Remote("a"), default);

        Assert.Equal(Remote("a"), await remotes.GetRemoteAsync("a", default));
        var rows = (await store.ExportAsync(default)).Tables.Single(t => t.Name == "remotes");
        var text = string.Join(" ", rows.Rows.SelectMany(r => r.Select(v => v.ToString())));
        Assert.Contains("github.com/acme/shop", text);
        Assert.DoesNotContain("ghp_plaintext_123", text);
        Assert.DoesNotContain("hook-secret-456", text);
    }

    [Fact]
    public async Task SetRemoteAsync_Again_ReplacesTheConnectionAndForgetsItsRefs()
    {
        var remotes = (IRemoteStore)await StoreAsync();
        await remotes.SetRemoteAsync(Remote("a"), default);
        await remotes.SetRemoteRefAsync("a", "refs/heads/main", "c1", default);
        await remotes.SetRemoteRefAsync("a", "refs/heads/main", "c2", default);
        Assert.Equal("c2", (await remotes.GetRemoteRefsAsync("a", default))["refs/heads/main"]);

        await remotes.SetRemoteAsync(Remote("a", credentials: null) with { Branch = "prod" }, default);

        Assert.Empty(await remotes.GetRemoteRefsAsync("a", default));
        var remote = await remotes.GetRemoteAsync("a", default);
        Assert.Equal(("prod", null), (remote!.Branch, remote.Credentials));
    }

    [Fact]
    public async Task SetRemoteStatusAsync_RecordsTheErrorAndTime_RemoveForgetsIt()
    {
        var remotes = (IRemoteStore)await StoreAsync();
        await remotes.SetRemoteAsync(Remote("a"), default);

        await remotes.SetRemoteStatusAsync("a", RemoteStatus.Failed, "cannot fetch https://github.com/acme/shop.git: 401", Now.AddMinutes(1), default);

        var remote = await remotes.GetRemoteAsync("a", default);
        Assert.Equal((RemoteStatus.Failed, "cannot fetch https://github.com/acme/shop.git: 401", Now.AddMinutes(1)), (remote!.Status, remote.Error, remote.CheckedAt));
        Assert.True(await remotes.RemoveRemoteAsync("a", default));
        Assert.False(await remotes.RemoveRemoteAsync("a", default));
        Assert.Null(await remotes.GetRemoteAsync("a", default));
    }

    [Fact]
    public async Task AddDeliveryAsync_SameIdTwice_IsAReplay_UntilItIsForgotten()
    {
        var remotes = (IRemoteStore)await StoreAsync();

        Assert.True(await remotes.AddDeliveryAsync("github:a:d1", "a", Now, Now.AddDays(-30), default));
        Assert.False(await remotes.AddDeliveryAsync("github:a:d1", "a", Now.AddMinutes(1), Now.AddDays(-30), default));
        Assert.True(await remotes.AddDeliveryAsync("github:b:d1", "b", Now, Now.AddDays(-30), default));

        // Past the retention the id is forgotten (the provider would not redeliver that late).
        Assert.True(await remotes.AddDeliveryAsync("github:a:d1", "a", Now.AddDays(31), Now.AddDays(1), default));
    }

    [Fact]
    public async Task DeleteAppAsync_RemovesItsRemoteRefsAndDeliveries()
    {
        var store = await StoreAsync();
        var remotes = (IRemoteStore)store;
        await remotes.SetRemoteAsync(Remote("a"), default);
        await remotes.SetRemoteRefAsync("a", "refs/heads/main", "c1", default);
        await remotes.AddDeliveryAsync("github:a:d1", "a", Now, Now.AddDays(-30), default);

        Assert.True(await store.DeleteAppAsync("a", default));

        Assert.Empty(await remotes.ListRemotesAsync(default));
        Assert.Empty(await remotes.GetRemoteRefsAsync("a", default));
        await store.EnsureAppAsync("a", Now, default);
        Assert.True(await remotes.AddDeliveryAsync("github:a:d1", "a", Now, Now.AddDays(-30), default));
    }

    [Fact]
    public async Task AddRevisionAsync_RecordsRemoteAndRef()
    {
        var store = await StoreAsync();

        var revision = await store.AddRevisionAsync("a", "img", "sha256:1", "c1", "node", Now, default, remote: "https://github.com/acme/shop.git", sourceRef: "refs/tags/v1.0");

        var read = await store.GetRevisionAsync(revision.Name, default);
        Assert.Equal(("https://github.com/acme/shop.git", "refs/tags/v1.0"), (read!.Remote, read.Ref));
    }
}
