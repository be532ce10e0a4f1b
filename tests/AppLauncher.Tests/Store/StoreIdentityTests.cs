using AppLauncher.Store;

namespace AppLauncher.Tests.Store;

/// <summary>The identity half of the store (teams, memberships, tokens, audit), the same on every database.</summary>
public abstract class StoreIdentityTests(StoreProvider provider) : StoreContract(provider)
{
    [Fact]
    public async Task Identity_TeamsMembersTokensAndAudit_RoundTrip()
    {
        var store = await MigratedStoreAsync();
        var identity = (IIdentityStore)store;

        Assert.True(await identity.CreateTeamAsync("a", Now, default));
        Assert.False(await identity.CreateTeamAsync("a", Now, default));
        Assert.False(Assert.Single(await identity.ListTeamsAsync(default)).TeamDomains);
        Assert.True(await identity.SetTeamDomainsAsync("a", true, default));
        Assert.True(Assert.Single(await identity.ListTeamsAsync(default)).TeamDomains);
        Assert.True(await identity.SetTeamDomainsAsync("a", false, default));
        Assert.False(Assert.Single(await identity.ListTeamsAsync(default)).TeamDomains);
        Assert.False(await identity.SetTeamDomainsAsync("nothing-here", true, default));
        await identity.SetMembershipAsync("a", "dana", "viewer", Now, default);
        await identity.SetMembershipAsync("a", "dana", "developer", Now, default);
        Assert.Equal([new MembershipRecord("a", "dana", "developer")], await identity.ListMembershipsAsync("dana", null, default));
        Assert.Equal([new MembershipRecord("a", "dana", "developer")], await identity.ListMembershipsAsync(null, "a", default));
        Assert.False((await identity.GetUserAsync("dana", default))!.Owner);
        Assert.True((await identity.EnsureUserAsync("root", owner: true, Now, default)).Owner);

        var token = await identity.AddTokenAsync("hash-1", "laptop", "dana", "a", "viewer", null, Now, Now.AddDays(30), default);
        Assert.Equal(token with { }, await identity.FindTokenAsync("hash-1", default));
        Assert.Null(await identity.FindTokenAsync("hash-2", default));
        await identity.TouchTokenAsync(token.Id, Now.AddMinutes(5), default);
        Assert.True(await identity.RevokeTokenAsync(token.Id, Now.AddMinutes(6), default));
        Assert.False(await identity.RevokeTokenAsync(token.Id, Now.AddMinutes(7), default));
        var read = (await identity.ListTokensAsync("dana", default)).Single();
        Assert.Equal((Now.AddMinutes(5), Now.AddMinutes(6), Now.AddDays(30)), (read.LastUsedAt, read.RevokedAt, read.ExpiresAt));
        Assert.Single(await identity.ListTokensAsync(null, default));

        await store.EnsureAppAsync("hello", Now, default);
        await store.EnsureAppAsync("shop", Now, default, "a");
        Assert.Equal(("apps", "a"), ((await store.GetAppAsync("hello", default))!.Team, (await store.GetAppAsync("shop", default))!.Team));

        await identity.AddAuditAsync(Now, "dana", "push", "shop", "abc", "ok", null, default);
        await identity.AddAuditAsync(Now.AddHours(2), "root", "DELETE /api/apps/{name}", "hello", null, "ok (204)", null, default);
        Assert.Equal(["DELETE /api/apps/{name}", "push"], (await identity.ListAuditAsync(null, null, 10, default)).Select(a => a.Action));
        Assert.Equal(["push"], (await identity.ListAuditAsync("shop", null, 10, default)).Select(a => a.Action));
        Assert.Equal(["DELETE /api/apps/{name}"], (await identity.ListAuditAsync(null, Now.AddHours(1), 10, default)).Select(a => a.Action));
    }

    [Fact]
    public async Task LoginFailures_AreKeptPerKey_NewestFirst_AndForgottenOnceOld()
    {
        var identity = (IIdentityStore)await MigratedStoreAsync();
        await identity.AddLoginFailuresAsync(["user:bob", "address:127.0.0.1"], Now, Now.AddMinutes(-1), default);
        await identity.AddLoginFailuresAsync(["user:bob"], Now.AddSeconds(10), Now.AddSeconds(-50), default);
        await identity.AddLoginFailuresAsync(["user:alice", "address:127.0.0.1"], Now.AddSeconds(20), Now.AddSeconds(-40), default);

        Assert.Equal([Now.AddSeconds(10), Now], await identity.ListLoginFailuresAsync("user:bob", Now.AddMinutes(-1), 10, default));
        Assert.Equal([Now.AddSeconds(10)], await identity.ListLoginFailuresAsync("user:bob", Now.AddMinutes(-1), 1, default));
        Assert.Equal([Now.AddSeconds(10)], await identity.ListLoginFailuresAsync("user:bob", Now, 10, default));
        Assert.Equal([Now.AddSeconds(20), Now], await identity.ListLoginFailuresAsync("address:127.0.0.1", Now.AddMinutes(-1), 10, default));
        Assert.Empty(await identity.ListLoginFailuresAsync("user:carol", Now.AddMinutes(-1), 10, default));

        // A later failure forgets the ones before its cut-off, whatever their key.
        await identity.AddLoginFailuresAsync(["user:carol"], Now.AddSeconds(75), Now.AddSeconds(15), default);
        Assert.Empty(await identity.ListLoginFailuresAsync("user:bob", Now.AddHours(-1), 10, default));
        Assert.Equal([Now.AddSeconds(20)], await identity.ListLoginFailuresAsync("address:127.0.0.1", Now.AddHours(-1), 10, default));
    }
}

/// <summary>The identity contract on a real SQLite file.</summary>
public sealed class SqliteStoreIdentityTests() : StoreIdentityTests(new SqliteStoreProvider());

/// <summary>The identity contract on a real PostgreSQL 15.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreIdentityTests(PostgresCluster cluster) : StoreIdentityTests(new PostgresStoreProvider(cluster));
