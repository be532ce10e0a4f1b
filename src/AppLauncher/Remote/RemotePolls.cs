using AppLauncher.Store;
using Quartz;

namespace AppLauncher.Remote;

/// <summary>
/// Polling for servers that cannot send webhooks: one Quartz job per app connected with <c>--poll</c>, repeating at its
/// interval, scheduled when it connects and again at every start (Quartz's in-memory store keeps nothing), removed when
/// it disconnects. A poll only asks for a sync; an unchanged remote builds nothing.
/// </summary>
internal sealed class RemotePolls(ISchedulerFactory schedulers, IRemoteStore remotes) : BackgroundService
{
    public const string Group = "remote-poll";

    public async Task ScheduleAsync(RemoteRecord remote, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var key = new JobKey(remote.App, Group);
        await scheduler.DeleteJob(key, cancellationToken);
        if (remote.PollSeconds is not { } seconds)
        {
            return;
        }

        var job = JobBuilder.Create<RemotePollJob>().WithIdentity(key).UsingJobData(RemotePollJob.AppKey, remote.App).Build();
        var trigger = TriggerBuilder.Create()
            .WithIdentity(remote.App, Group)
            .StartAt(DateTimeOffset.UtcNow.AddSeconds(seconds))
            .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(seconds)).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
        await scheduler.ScheduleJob(job, trigger, ScheduleJobOptions.Replacing, cancellationToken);
    }

    public async Task UnscheduleAsync(string app, CancellationToken cancellationToken) =>
        await (await schedulers.GetScheduler(cancellationToken)).DeleteJob(new JobKey(app, Group), cancellationToken);

    /// <summary>The time of the app's next poll, or null.</summary>
    public async Task<DateTimeOffset?> NextPollAsync(string app, CancellationToken cancellationToken) =>
        (await (await schedulers.GetScheduler(cancellationToken)).GetTrigger(new TriggerKey(app, Group), cancellationToken))?.NextFireTimeUtc;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var remote in await remotes.ListRemotesAsync(stoppingToken))
        {
            await ScheduleAsync(remote, stoppingToken);
        }
    }
}
