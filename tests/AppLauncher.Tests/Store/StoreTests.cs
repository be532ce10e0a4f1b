using AppLauncher.Store;

namespace AppLauncher.Tests.Store;

/// <summary>The store's contract: apps, builds, revisions and migrations, run against every provider (a real database each).</summary>
public abstract class StoreTests(StoreProvider provider) : StoreContract(provider)
{
    [Fact]
    public async Task EnsureAppAsync_Twice_CreatesOnce()
    {
        var store = await MigratedStoreAsync();

        await store.EnsureAppAsync("hello", Now, default);
        var again = await store.EnsureAppAsync("hello", Now.AddHours(1), default);

        Assert.Equal(Now, again.CreatedAt);
        Assert.Single(await store.ListAppsAsync(default));
    }

    [Fact]
    public async Task AddRevisionAsync_NumbersPerApp()
    {
        var store = await MigratedStoreAsync();
        await store.EnsureAppAsync("a", Now, default);
        await store.EnsureAppAsync("b", Now, default);

        var a1 = await store.AddRevisionAsync("a", "img:1", "sha256:1", "c1", "node", Now, default);
        var a2 = await store.AddRevisionAsync("a", "img:2", "sha256:2", "c2", "node", Now, default);
        var b1 = await store.AddRevisionAsync("b", "img:3", "sha256:3", "c3", "dockerfile", Now, default);

        Assert.Equal(("a-00001", "a-00002", "b-00001"), (a1.Name, a2.Name, b1.Name));
        Assert.Equal([a2, a1], await store.ListRevisionsAsync("a", default));
        Assert.Equal(b1, await store.GetRevisionAsync("b-00001", default));
    }

    [Fact]
    public async Task AddRevisionAsync_ProcessTypes_ReadBackWithTheRevision()
    {
        var store = await MigratedStoreAsync();
        await store.EnsureAppAsync("hello", Now, default);

        await store.AddRevisionAsync("hello", "img", "id", "c", "node", Now, default, processes: new Dictionary<string, string> { ["worker"] = "node worker.js", ["clock"] = "node clock.js" });
        await store.AddRevisionAsync("hello", "img", "id", "c", "node", Now, default);

        Assert.Equal(
            [KeyValuePair.Create("clock", "node clock.js"), KeyValuePair.Create("worker", "node worker.js")],
            (await store.GetRevisionAsync("hello-00001", default))!.Processes!.OrderBy(p => p.Key));
        Assert.Null((await store.GetRevisionAsync("hello-00002", default))!.Processes);
    }

    [Fact]
    public async Task AddRevisionAsync_NoWeb_ReadBackWithTheRevision()
    {
        var store = await MigratedStoreAsync();
        await store.EnsureAppAsync("hello", Now, default);

        await store.AddRevisionAsync("hello", "img", "id", "c", "node", Now, default, processes: new Dictionary<string, string> { ["worker"] = "node worker.js" }, noWeb: true);
        await store.AddRevisionAsync("hello", "img", "id", "c", "node", Now, default);

        Assert.True((await store.GetRevisionAsync("hello-00001", default))!.NoWeb);
        Assert.False((await store.GetRevisionAsync("hello-00002", default))!.NoWeb);
        Assert.Equal([true, false], (await store.ListRevisionsAsync("hello", default)).OrderBy(r => r.Number).Select(r => r.NoWeb));
    }

    [Fact]
    public async Task AddProcessRestartAsync_CountsPerRevisionAndType_AndSurvivesAnotherStoreInstance()
    {
        var store = await MigratedStoreAsync();
        await store.EnsureAppAsync("a", Now, default);
        await store.EnsureAppAsync("b", Now, default);

        Assert.Equal(1, await store.AddProcessRestartAsync("a", "a-00001", "worker", default));
        Assert.Equal(2, await store.AddProcessRestartAsync("a", "a-00001", "worker", default));
        Assert.Equal(1, await store.AddProcessRestartAsync("a", "a-00001", "clock", default));
        Assert.Equal(1, await store.AddProcessRestartAsync("b", "b-00003", "worker", default));

        // A new store on the same database (a restarted server) reads the same counts.
        var again = Provider.Create();
        Assert.Equal(new Dictionary<string, int> { ["a-00001/worker"] = 2, ["a-00001/clock"] = 1 }, await again.ListProcessRestartsAsync("a", default));
        Assert.Equal(3, (await again.ListProcessRestartsAsync(null, default)).Count);

        // A crash of a newer revision drops the app's counts of older ones (never another app's).
        Assert.Equal(1, await again.AddProcessRestartAsync("a", "a-00002", "worker", default));
        Assert.Equal(new Dictionary<string, int> { ["a-00002/worker"] = 1 }, await again.ListProcessRestartsAsync("a", default));
        Assert.Equal(new Dictionary<string, int> { ["b-00003/worker"] = 1 }, await again.ListProcessRestartsAsync("b", default));

        Assert.True(await again.DeleteAppAsync("a", default));
        Assert.Empty(await again.ListProcessRestartsAsync("a", default));
        Assert.Equal(new Dictionary<string, int> { ["b-00003/worker"] = 1 }, await again.ListProcessRestartsAsync(null, default));
    }

    [Fact]
    public async Task SetFormationAsync_IsKeptPerApp()
    {
        var store = await MigratedStoreAsync();
        await store.EnsureAppAsync("a", Now, default);
        await store.EnsureAppAsync("b", Now, default);

        await store.SetFormationAsync("a", "{\"worker\":3}", default);

        Assert.Equal("{\"worker\":3}", await store.GetFormationAsync("a", default));
        Assert.Null(await store.GetFormationAsync("b", default));
    }

    [Fact]
    public async Task AddCronRunAsync_KeepsTheLastRunsOfEachJob()
    {
        var store = await MigratedStoreAsync();
        await store.EnsureAppAsync("hello", Now, default);

        for (var i = 0; i < 5; i++)
        {
            await store.AddCronRunAsync(new CronRunRecord(0, "hello", "tick", "succeeded", Now.AddMinutes(i), Now.AddMinutes(i).AddSeconds(1), 0.5 + i, i, $"run {i}"), keep: 3, default);
        }

        await store.AddCronRunAsync(new CronRunRecord(0, "hello", "other", "skipped", Now, Now, null, null, null), keep: 3, default);

        var runs = await store.ListCronRunsAsync("hello", default);
        Assert.Equal(["other", "tick", "tick", "tick"], runs.Select(r => r.Job));
        Assert.Equal([4, 3, 2], runs.Where(r => r.Job == "tick").Select(r => r.ExitCode!.Value));
        var last = runs[1];
        Assert.Equal((Now.AddMinutes(4), Now.AddMinutes(4).AddSeconds(1), 4.5, "run 4"), (last.ScheduledAt, last.StartedAt, last.DurationSeconds!.Value, last.Output));
        Assert.Null(runs[0].DurationSeconds);
    }

    [Fact]
    public async Task AlertHistory_RecordsDeliveryAndKeepsTheNewest()
    {
        var store = await MigratedStoreAsync();
        var first = await store.AddAlertNotificationAsync(new AlertNotificationRecord(0, "errors", "shop", "firing", "5xx-rate>=5% for 60s", 12.5,
            "5xx-rate is 12.5%", Now, "http://hooks.example", "pending", 0, null), keep: 3, default);
        await store.SetAlertDeliveryAsync(first, "failed", 5, "http://hooks.example did not answer within 5 s", default);
        for (var i = 1; i <= 3; i++)
        {
            await store.AddAlertNotificationAsync(new AlertNotificationRecord(0, "deploys", i == 3 ? null : "shop", "firing", "event deploy-failed", null,
                $"deploy {i} failed", Now.AddMinutes(i), "http://hooks.example", "delivered", 1, null), keep: 3, default);
        }

        var all = await store.ListAlertHistoryAsync(null, 100, default);
        Assert.Equal(["deploy 3 failed", "deploy 2 failed", "deploy 1 failed"], all.Select(h => h.Message));
        Assert.Null(all[0].App);
        Assert.Equal(Now.AddMinutes(3), all[0].At);
        Assert.Null(all[0].Value);
        Assert.Equal(["deploy 2 failed", "deploy 1 failed"], (await store.ListAlertHistoryAsync("shop", 100, default)).Select(h => h.Message));
        Assert.Single(await store.ListAlertHistoryAsync("shop", 1, default));

        var kept = await store.AddAlertNotificationAsync(new AlertNotificationRecord(0, "errors", "shop", "resolved", "5xx-rate>=5% for 60s", 0,
            "no longer holds", Now.AddMinutes(4), "http://hooks.example", "pending", 0, null), keep: 10, default);
        await store.SetAlertDeliveryAsync(kept, "failed", 3, "refused", default);
        var latest = (await store.ListAlertHistoryAsync("shop", 1, default))[0];
        Assert.Equal(("resolved", 0.0, "failed", 3, "refused"), (latest.Notice, latest.Value!.Value, latest.Delivery, latest.Attempts, latest.Error));
    }

    [Fact]
    public async Task SetCurrentRevisionAsync_IsKept()
    {
        var store = await MigratedStoreAsync();
        await store.EnsureAppAsync("hello", Now, default);
        var revision = await store.AddRevisionAsync("hello", "img", "id", "c", "node", Now, default);

        await store.SetCurrentRevisionAsync("hello", revision.Name, Now.AddMinutes(1), default);

        Assert.Equal("hello-00001", (await store.GetAppAsync("hello", default))!.CurrentRevision);
        Assert.Equal(Now.AddMinutes(1), (await store.GetRevisionAsync("hello-00001", default))!.ReleasedAt);
    }

    [Fact]
    public async Task Builds_StartAndFinish_AreListedNewestFirst()
    {
        var store = await MigratedStoreAsync();
        await store.EnsureAppAsync("hello", Now, default);
        var first = await store.StartBuildAsync("hello", "c1", Now, default);
        var second = await store.StartBuildAsync("hello", "c2", Now, default);

        await store.FinishBuildAsync(first, BuildStatus.Failed, "node", "npm ci failed", Now.AddSeconds(5), default);

        var builds = await store.ListBuildsAsync("hello", default);
        Assert.Equal([second, first], builds.Select(b => b.Id));
        Assert.Equal(BuildStatus.Running, builds[0].Status);
        Assert.Equal((BuildStatus.Failed, "npm ci failed", Now.AddSeconds(5)), (builds[1].Status, builds[1].Error, builds[1].FinishedAt!.Value));
    }

    [Fact]
    public async Task MigrateAsync_OnAnExistingDatabase_KeepsData()
    {
        var store = await MigratedStoreAsync();
        await store.EnsureAppAsync("hello", Now, default);

        var reopened = await MigratedStoreAsync();

        Assert.NotNull(await reopened.GetAppAsync("hello", default));
    }

    [Fact]
    public async Task StartBuildAsync_UnknownApp_IsRefused()
    {
        var store = await MigratedStoreAsync();

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => store.StartBuildAsync("ghost", "c", Now, default));
    }

    [Fact]
    public async Task AddRevisionAsync_ConcurrentlyForOneApp_NeverTakesANumberTwice()
    {
        var store = await MigratedStoreAsync();
        await store.EnsureAppAsync("hello", Now, default);

        // Separate store instances, as separate servers would be, each on its own connection.
        var added = await Task.WhenAll(Enumerable.Range(1, 8).Select(i =>
            Task.Run(() => Provider.Create().AddRevisionAsync("hello", $"img:{i}", $"sha256:{i}", $"c{i}", "node", Now, default))));

        Assert.Equal(Enumerable.Range(1, 8), added.Select(r => r.Number).Order());
        Assert.Equal(8, (await store.ListRevisionsAsync("hello", default)).Select(r => r.Name).Distinct().Count());
    }

    [Fact]
    public async Task MigrateAsync_SchemaNewerThanTheBinary_RefusesNamingBothVersions()
    {
        var store = await MigratedStoreAsync();
        var known = ((SqlStore)store).Migrations.Count;
        await Provider.ExecuteAsync($"INSERT INTO schema_version (version) VALUES ({known + 1})");

        var e = await Assert.ThrowsAsync<StoreException>(() => Provider.Create().MigrateAsync(default));

        Assert.Contains($"has schema version {known + 1}", e.Message, StringComparison.Ordinal);
        Assert.Contains($"knows versions up to {known}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MigrateAsync_AppliesEveryVersionOnce()
    {
        await MigratedStoreAsync();
        await Provider.Create().MigrateAsync(default);

        var store = (SqlStore)Provider.Create();
        Assert.Equal(store.Migrations.Count, await Provider.CountAsync("SELECT COUNT(*) FROM schema_version"));
        Assert.Equal(store.Migrations.Count, await Provider.CountAsync("SELECT COUNT(DISTINCT version) FROM schema_version"));
    }
}
