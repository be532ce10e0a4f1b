using AppLauncher.Core.Autoscaling;
using AppLauncher.Core.Processes;
using AppLauncher.Processes;
using Quartz;

namespace AppLauncher.Scheduling;

/// <summary>
/// Keeps Quartz's triggers in step with the apps' <c>cron:</c> jobs (their current revisions' launcher.yaml): one job
/// per cron job, with a one-shot trigger at its next run, computed by <see cref="CronNextRun"/> from the platform's own
/// 5-field parser in the job's time zone. When a trigger fires, <see cref="CronFireJob"/> schedules the next one first,
/// then hands the run to <see cref="CronRunner"/>. A pass every <see cref="Interval"/> adds, moves and removes jobs as
/// deploys change them.
/// </summary>
/// <remarks>
/// Misfires: a run more than <see cref="QuartzStore.MisfireThreshold"/> (1 minute) past its time is skipped, and the
/// job's next run is scheduled as usual. That covers a run missed while the server (every replica) was down: Quartz's
/// RAM store keeps nothing across a restart, and its PostgreSQL store finds the old trigger misfired and completes it
/// without firing (misfire instruction: next with remaining count), which the next pass sees and reschedules. No
/// backlog runs at once: most cron jobs (reports, clean-ups, syncs) are not written to run twice in a row, and the next
/// run comes on time anyway. A run late by less (a busy machine, a replica taking over) still fires, once.
/// The jobs to remove are the ones in Quartz's <see cref="Group"/> that no app declares any longer, read from Quartz
/// itself, so that with the PostgreSQL store a job left by a replica (or an earlier start) is removed too.
/// </remarks>
internal sealed partial class CronScheduler(ISchedulerFactory schedulers, CronJobs jobs, OneOffRuns runs, TimeProvider time, ILogger<CronScheduler> logger) : BackgroundService
{
    public const string Group = "cron";
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private const string DefinitionKey = "definition";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (runs.RuntimeRunsCronJobs)
        {
            // Kubernetes: each cron job is a CronJob of the cluster; scheduling it here too would run it twice.
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SyncAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                Log.SyncFailed(logger, e.Message);
            }

            try
            {
                await Task.Delay(Interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>The next run of the app's job as Quartz holds it, or null.</summary>
    public async Task<DateTimeOffset?> NextRunAsync(string app, string job, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        return (await scheduler.GetTrigger(TriggerKeyOf(app, job), cancellationToken))?.NextFireTimeUtc;
    }

    public async Task SyncAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var wanted = (await jobs.ListAsync(null, cancellationToken)).ToDictionary(j => JobKeyOf(j.App, j.Job.Name));
        foreach (var key in await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(Group), cancellationToken))
        {
            if (!wanted.ContainsKey(key))
            {
                await scheduler.DeleteJob(key, cancellationToken);
                Log.Unscheduled(logger, key.Name);
            }
        }

        foreach (var (key, job) in wanted)
        {
            // A trigger with no next run was fired and not yet moved on, or misfired (skipped): schedule its next run.
            var trigger = await scheduler.GetTrigger(TriggerKeyOf(job.App, job.Job.Name), cancellationToken);
            if (trigger is { NextFireTimeUtc: not null } && trigger.JobDataMap.GetString(DefinitionKey) == job.Definition)
            {
                continue;
            }

            await ScheduleNextAsync(scheduler, job, time.GetUtcNow(), cancellationToken);
        }
    }

    /// <summary>Puts the job's trigger at its next run after <paramref name="after"/> (creating the job the first time).</summary>
    public async Task ScheduleNextAsync(IScheduler scheduler, ScheduledCronJob job, DateTimeOffset after, CancellationToken cancellationToken)
    {
        var schedule = CronSchedule.TryParse(job.Job.Schedule, out _);
        var next = schedule is null ? null : CronNextRun.After(schedule, after, job.Zone);
        var jobKey = JobKeyOf(job.App, job.Job.Name);
        var triggerKey = TriggerKeyOf(job.App, job.Job.Name);
        if (next is null)
        {
            await scheduler.DeleteJob(jobKey, cancellationToken);
            return;
        }

        var trigger = OneShot(triggerKey, jobKey, next.Value, job.Definition);
        if (!await scheduler.Exists(jobKey, cancellationToken))
        {
            var detail = JobBuilder.Create<CronFireJob>()
                .WithIdentity(jobKey)
                .UsingJobData(CronFireJob.AppKey, job.App)
                .UsingJobData(CronFireJob.JobKey, job.Job.Name)
                .StoreDurably()
                .Build();
            await scheduler.ScheduleJob(detail, trigger, ScheduleJobOptions.Replacing, cancellationToken);
        }
        else if (await scheduler.Exists(triggerKey, cancellationToken))
        {
            await scheduler.RescheduleJob(triggerKey, trigger, cancellationToken);
        }
        else
        {
            await scheduler.ScheduleJob(trigger, ScheduleJobOptions.Replacing, cancellationToken);
        }

        Log.Scheduled(logger, job.App, job.Job.Name, next.Value);
    }

    /// <summary>
    /// A cron job's trigger: one fire at <paramref name="at"/>; a fire missed by more than the misfire threshold completes
    /// it without firing (skipped, see the remarks above).
    /// </summary>
    internal static ITrigger OneShot(TriggerKey trigger, JobKey job, DateTimeOffset at, string definition) => TriggerBuilder.Create()
        .WithIdentity(trigger)
        .ForJob(job)
        .StartAt(at)
        .UsingJobData(DefinitionKey, definition)
        .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
        .Build();

    public static JobKey JobKeyOf(string app, string job) => new($"{app}/{job}", Group);

    private static TriggerKey TriggerKeyOf(string app, string job) => new($"{app}/{job}", Group);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Cron job {Job} of {App} next runs at {Next:u}")]
        public static partial void Scheduled(ILogger logger, string app, string job, DateTimeOffset next);

        [LoggerMessage(2, LogLevel.Information, "Cron job {Key} is no longer declared: unscheduled")]
        public static partial void Unscheduled(ILogger logger, string key);

        [LoggerMessage(3, LogLevel.Warning, "Could not bring the cron schedules up to date: {Reason}; trying again in 5 s")]
        public static partial void SyncFailed(ILogger logger, string reason);
    }
}
