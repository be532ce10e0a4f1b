using Quartz;

namespace AppLauncher.Scheduling;

/// <summary>What a cron trigger does when it fires: schedule the job's next run, then start this one (in the background).</summary>
[DisallowConcurrentExecution]
internal sealed class CronFireJob(CronJobs jobs, CronScheduler scheduler, CronRunner runner) : IJob
{
    public const string AppKey = "app";
    public const string JobKey = "job";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var app = context.MergedJobDataMap.GetString(AppKey)!;
        var name = context.MergedJobDataMap.GetString(JobKey)!;
        if (await jobs.FindAsync(app, name, cancellationToken) is not { } job)
        {
            return; // no longer declared: the next pass unschedules it
        }

        var due = context.ScheduledFireTimeUtc ?? context.FireTimeUtc;
        await scheduler.ScheduleNextAsync(context.Scheduler, job, due, cancellationToken);
        await runner.FireAsync(job, due, cancellationToken);
    }
}
