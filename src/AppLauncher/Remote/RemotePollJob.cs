using Quartz;

namespace AppLauncher.Remote;

/// <summary>A connected app's poll, fired by its Quartz trigger: ask for a sync (which joins one already waiting).</summary>
[DisallowConcurrentExecution]
internal sealed class RemotePollJob(RemoteSync sync) : IJob
{
    public const string AppKey = "app";

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        sync.Request(context.MergedJobDataMap.GetString(AppKey)!, "poll");
        return ValueTask.CompletedTask;
    }
}
