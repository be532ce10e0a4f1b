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
/// Misfires (a run missed while the server was down): skipped. Each start schedules every job at its next run after
/// now, and Quartz's in-memory store keeps nothing across a restart, so no backlog runs at once: most cron jobs
/// (reports, clean-ups, syncs) are not written to run twice in a row, and the next run comes on time anyway. A trigger
/// only late while the server runs (a busy machine) still fires, once (misfire instruction: fire now).
/// </remarks>
internal sealed partial class CronScheduler(ISchedulerFactory schedulers, CronJobs jobs, OneOffRuns runs, TimeProvider time, ILogger<CronScheduler> logger) : BackgroundService
{
    public const string Group = "cron";
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private const string DefinitionKey = "definition";

    // The jobs this server put in Quartz's (in-memory) store; only the sync pass changes it.
    private readonly HashSet<JobKey> _scheduled = [];

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
        List<JobKey> stale;
        lock (_scheduled)
        {
            stale = [.. _scheduled.Where(k => !wanted.ContainsKey(k))];
        }

        foreach (var key in stale)
        {
            await scheduler.DeleteJob(key, cancellationToken);
            lock (_scheduled)
            {
                _scheduled.Remove(key);
            }

            Log.Unscheduled(logger, key.Name);
        }

        foreach (var (key, job) in wanted)
        {
            var trigger = await scheduler.GetTrigger(TriggerKeyOf(job.App, job.Job.Name), cancellationToken);
            if (trigger is not null && trigger.JobDataMap.GetString(DefinitionKey) == job.Definition)
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

        var trigger = TriggerBuilder.Create()
            .WithIdentity(triggerKey)
            .ForJob(jobKey)
            .StartAt(next.Value)
            .UsingJobData(DefinitionKey, job.Definition)
            .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
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

        lock (_scheduled)
        {
            _scheduled.Add(jobKey);
        }

        Log.Scheduled(logger, job.App, job.Job.Name, next.Value);
    }

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
