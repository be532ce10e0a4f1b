using System.Collections.Concurrent;
using AppLauncher.Core.Config;
using AppLauncher.Scheduling;
using AppLauncher.Tests.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quartz;

namespace AppLauncher.Tests.Scheduling;

/// <summary>
/// Quartz as the server configures it for <c>store.provider: postgres</c> (<see cref="QuartzStore"/>), on the run's real
/// PostgreSQL with the tables of the store's own migrations: two schedulers (two replicas) share one database.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusteredQuartzTests(PostgresCluster cluster) : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(3);
    private readonly PostgresStoreProvider _provider = new(cluster);
    private readonly List<ServiceProvider> _replicas = [];

    [Fact]
    public async Task TwoReplicas_ATriggerBothScheduled_EachFireRunsOnExactlyOneReplica()
    {
        var runs = new ConcurrentQueue<ProbeRun>();
        var a = await StartReplicaAsync(runs);
        var b = await StartReplicaAsync(runs);
        Assert.NotEqual(a.SchedulerInstanceId, b.SchedulerInstanceId);

        // Both replicas schedule the same job at once, as each one's CronScheduler pass does; each fire moves the
        // trigger on by itself, as CronFireJob does, until the last.
        var first = DateTimeOffset.UtcNow.AddSeconds(3);
        await Task.WhenAll(ScheduleProbeAsync(a, first), ScheduleProbeAsync(b, first));

        await WaitUntilAsync(() => runs.Count >= ProbeJob.Fires, () => $"{runs.Count} of {ProbeJob.Fires} fires ran");
        // Settled: no trigger left to fire and none being fired on either replica.
        await WaitUntilAsync(async () => await a.GetTrigger(ProbeJob.Trigger) is null && await CountAsync("SELECT COUNT(*) FROM qrtz_fired_triggers") == 0,
            () => "the probe's trigger to finish");

        var fired = runs.ToList();
        Assert.Equal(ProbeJob.Fires, fired.Count);
        Assert.Equal(ProbeJob.Fires, fired.Select(r => r.ScheduledAt).Distinct().Count());
        Assert.All(fired, r => Assert.Contains(r.Instance, new[] { a.SchedulerInstanceId, b.SchedulerInstanceId }));
        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM qrtz_scheduler_state"));
    }

    [Fact]
    public async Task TriggerDueWhileNoReplicaRan_MoreThanTheMisfireThresholdAgo_IsSkippedNotFired()
    {
        var runs = new ConcurrentQueue<ProbeRun>();
        // The run was due two minutes ago, before this replica started: a server that was down.
        var a = await CreateReplicaAsync(runs);
        await ScheduleProbeAsync(a, DateTimeOffset.UtcNow - QuartzStore.MisfireThreshold * 2);
        await a.Start();

        await WaitUntilAsync(async () => (await a.GetTrigger(ProbeJob.Trigger))?.NextFireTimeUtc is null, () => "the misfired trigger to be completed");

        Assert.Empty(runs);
    }

    private async Task<IScheduler> StartReplicaAsync(ConcurrentQueue<ProbeRun> runs)
    {
        var scheduler = await CreateReplicaAsync(runs);
        await scheduler.Start();
        return scheduler;
    }

    private async Task<IScheduler> CreateReplicaAsync(ConcurrentQueue<ProbeRun> runs)
    {
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(runs);
        services.AddQuartz(q => QuartzStore.Configure(q, new StoreConfig { Provider = StoreConfig.Postgres, ConnectionString = cluster.ConnectionString(_provider.Database) }));
        var provider = services.BuildServiceProvider();
        _replicas.Add(provider);
        return await provider.GetRequiredService<ISchedulerFactory>().GetScheduler();
    }

    private static async Task ScheduleProbeAsync(IScheduler scheduler, DateTimeOffset at)
    {
        var job = JobBuilder.Create<ProbeJob>().WithIdentity(ProbeJob.Job).StoreDurably().Build();
        await scheduler.ScheduleJob(job, ProbeJob.TriggerAt(at), ScheduleJobOptions.Replacing);
    }

    private Task<long> CountAsync(string sql) => _provider.CountAsync(sql);

    private static Task WaitUntilAsync(Func<bool> done, Func<string> what) => WaitUntilAsync(() => Task.FromResult(done()), what);

    private static async Task WaitUntilAsync(Func<Task<bool>> done, Func<string> what)
    {
        var deadline = DateTimeOffset.UtcNow + Bound;
        while (!await done())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"waited {Bound} for {what()}");
            await Task.Delay(200);
        }
    }

    public async Task InitializeAsync()
    {
        await _provider.InitializeAsync();
        await _provider.Create().MigrateAsync(default);
    }

    public async Task DisposeAsync()
    {
        foreach (var replica in _replicas)
        {
            await (await replica.GetRequiredService<ISchedulerFactory>().GetScheduler()).Shutdown(waitForJobsToComplete: true);
            await replica.DisposeAsync();
        }

        await _provider.DisposeAsync();
    }

    private sealed record ProbeRun(DateTimeOffset ScheduledAt, string Instance);

    /// <summary>Records which replica ran which fire, then moves its trigger (a cron job's, <see cref="CronScheduler.OneShot"/>) on 2 s, as CronFireJob does.</summary>
    [DisallowConcurrentExecution]
    private sealed class ProbeJob(ConcurrentQueue<ProbeRun> runs) : IJob
    {
        public const int Fires = 5;
        public static readonly JobKey Job = new("probe", "test");
        public static readonly TriggerKey Trigger = new("probe", "test");

        public static ITrigger TriggerAt(DateTimeOffset at) => CronScheduler.OneShot(Trigger, Job, at, "probe");

        public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
        {
            var due = context.ScheduledFireTimeUtc ?? context.FireTimeUtc;
            runs.Enqueue(new ProbeRun(due, context.Scheduler.SchedulerInstanceId));
            if (runs.Count < Fires)
            {
                await context.Scheduler.RescheduleJob(Trigger, TriggerAt(due.AddSeconds(2)), cancellationToken);
            }
        }
    }
}
