using Quartz;

namespace AppLauncher.Rebuilds;

/// <summary>The scheduled stack check, fired by its Quartz trigger: schedule the next, rebuild the stacks if configured, queue the apps on changed ones.</summary>
[DisallowConcurrentExecution]
internal sealed class StackRebuildJob(StackRebuildSchedule schedule) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await schedule.ScheduleNextAsync(context.Scheduler, context.ScheduledFireTimeUtc ?? context.FireTimeUtc, cancellationToken);
        await schedule.RunAsync(cancellationToken);
    }
}
