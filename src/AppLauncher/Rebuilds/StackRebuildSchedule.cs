using System.Diagnostics;
using AppLauncher.Core.Autoscaling;
using AppLauncher.Core.Config;
using AppLauncher.Core.Processes;
using Quartz;

namespace AppLauncher.Rebuilds;

/// <summary>
/// <c>rebuild.schedule</c> as a Quartz trigger (one-shot, moved to the next run each time it fires, like the apps'
/// cron jobs, since Quartz's own cron dialect is not the 5-field one launcher.yaml speaks). A run first rebuilds the
/// stacks with <c>rebuild.stacksCommand</c> when one is set (a failing command is logged; the check still runs, as
/// the stacks may have been rebuilt by hand), then queues every app on a stack image that changed.
/// </summary>
internal sealed partial class StackRebuildSchedule(ISchedulerFactory schedulers, StackRebuilds rebuilds, PlatformConfig config, TimeProvider time, ILogger<StackRebuildSchedule> logger) : BackgroundService
{
    /// <summary>Who the scheduled rebuilds are recorded as.</summary>
    public const string Actor = "rebuild (schedule)";

    private static readonly JobKey Key = new("stack-rebuild", "rebuild");

    /// <summary>The next scheduled check, or null when <c>rebuild.schedule</c> is off.</summary>
    public async Task<DateTimeOffset?> NextRunAsync(CancellationToken cancellationToken) =>
        (await (await schedulers.GetScheduler(cancellationToken)).GetTriggersOfJob(Key, cancellationToken)).FirstOrDefault()?.NextFireTimeUtc;

    public async Task ScheduleNextAsync(IScheduler scheduler, DateTimeOffset after, CancellationToken cancellationToken)
    {
        var cron = config.Rebuild.Cron is { } expression ? CronSchedule.TryParse(expression, out _) : null;
        if (cron is null || CronNextRun.After(cron, after, TimeZoneInfo.Utc) is not { } next)
        {
            await scheduler.DeleteJob(Key, cancellationToken);
            return;
        }

        var trigger = TriggerBuilder.Create().WithIdentity(Key.Name, Key.Group).ForJob(Key).StartAt(next).WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow)).Build();
        var job = JobBuilder.Create<StackRebuildJob>().WithIdentity(Key).Build();
        await scheduler.ScheduleJob(job, trigger, ScheduleJobOptions.Replacing, cancellationToken);
        Log.Scheduled(logger, next);
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (config.Rebuild.StacksCommand.Trim() is { Length: > 0 } command)
        {
            await RunStacksCommandAsync(command, cancellationToken);
        }

        await rebuilds.CheckAsync(null, Actor, cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken) =>
        await ScheduleNextAsync(await schedulers.GetScheduler(stoppingToken), time.GetUtcNow(), stoppingToken);

    private async Task RunStacksCommandAsync(string command, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("sh") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start sh");
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(config.Rebuild.StacksTimeoutMinutes));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Log.StacksFailed(logger, command, $"stopped after {config.Rebuild.StacksTimeoutMinutes} min (rebuild.stacksTimeoutMinutes)", "");
            cancellationToken.ThrowIfCancellationRequested();
            return;
        }

        var tail = string.Join('\n', ((await output) + (await errors)).Split('\n').TakeLast(20));
        if (process.ExitCode == 0)
        {
            Log.StacksBuilt(logger, command, tail);
        }
        else
        {
            Log.StacksFailed(logger, command, $"exit code {process.ExitCode}", tail);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Next stack check at {Next:u}")]
        public static partial void Scheduled(ILogger logger, DateTimeOffset next);

        [LoggerMessage(2, LogLevel.Information, "Stacks rebuilt by '{Command}':\n{Tail}")]
        public static partial void StacksBuilt(ILogger logger, string command, string tail);

        [LoggerMessage(3, LogLevel.Warning, "Rebuilding the stacks with '{Command}' failed ({Why}); apps are checked against the stacks as they are:\n{Tail}")]
        public static partial void StacksFailed(ILogger logger, string command, string why, string tail);
    }
}
