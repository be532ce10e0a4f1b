using System.Collections.Concurrent;
using System.Text;
using AppLauncher.Core.Apps;
using AppLauncher.Processes;
using AppLauncher.Runtime;
using AppLauncher.Store;

namespace AppLauncher.Scheduling;

/// <summary>
/// Runs one cron job's run as a one-off container (<see cref="OneOffRuns"/>), honouring its <c>concurrencyPolicy</c>:
/// <c>Forbid</c> (default) records a run due while the last still runs as skipped, <c>Replace</c> stops the running one,
/// <c>Allow</c> lets them overlap. Each run is recorded with its exit code, duration and the end of its output; the last
/// <see cref="Keep"/> runs of each job are kept.
/// </summary>
internal sealed partial class CronRunner(OneOffRuns runs, IStore store, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<CronRunner> logger)
{
    public const int Keep = 50;
    private const int OutputChars = 4000;

    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Guid, CancellationTokenSource>> _running = new(StringComparer.Ordinal);

    /// <summary>True while a run of the job is in progress.</summary>
    public bool IsRunning(string app, string job) => _running.TryGetValue(Key(app, job), out var now) && !now.IsEmpty;

    /// <summary>Starts a run due at <paramref name="scheduledAt"/> in the background; returns what happened to it at once.</summary>
    public async Task<string> FireAsync(ScheduledCronJob job, DateTimeOffset scheduledAt, CancellationToken cancellationToken)
    {
        var key = Key(job.App, job.Job.Name);
        var running = _running.GetOrAdd(key, _ => new());
        if (!running.IsEmpty)
        {
            switch (job.Job.ConcurrencyPolicy)
            {
                case CronPolicies.Forbid:
                    await store.AddCronRunAsync(new CronRunRecord(0, job.App, job.Job.Name, "skipped", scheduledAt, time.GetUtcNow(), null, null,
                        "the previous run was still running (concurrencyPolicy: Forbid)"), Keep, cancellationToken);
                    Log.Skipped(logger, job.App, job.Job.Name);
                    return "skipped";
                case CronPolicies.Replace:
                    foreach (var previous in running.Values)
                    {
                        await previous.CancelAsync();
                    }

                    break;
            }
        }

        var id = Guid.NewGuid();
        var stop = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping);
        running[id] = stop;
        _ = Task.Run(async () =>
        {
            try
            {
                await RunAsync(job, scheduledAt, stop.Token);
            }
            finally
            {
                running.TryRemove(id, out _);
                stop.Dispose();
            }
        }, CancellationToken.None);
        return "started";
    }

    private async Task RunAsync(ScheduledCronJob job, DateTimeOffset scheduledAt, CancellationToken cancellationToken)
    {
        var output = new StringBuilder();
        DateTimeOffset? started = null;
        long startedTicks = 0;
        string status;
        int? exitCode = null;
        try
        {
            var (spec, refusal) = await runs.PrepareAsync(job.App, cancellationToken);
            if (refusal is not null)
            {
                throw new RuntimeException(refusal.Detail);
            }

            exitCode = await runs.RunAsync(spec!, ["/bin/sh", "-c", job.Job.Command], null,
                _ =>
                {
                    started = time.GetUtcNow();
                    startedTicks = time.GetTimestamp();
                    Log.Started(logger, job.App, job.Job.Name, (started.Value - scheduledAt).TotalMilliseconds);
                    return Task.CompletedTask;
                },
                o =>
                {
                    lock (output)
                    {
                        output.Append(o.Text);
                        if (output.Length > OutputChars * 2)
                        {
                            output.Remove(0, output.Length - OutputChars);
                        }
                    }

                    return Task.CompletedTask;
                },
                cancellationToken);
            status = exitCode switch { null => "error", 0 => "succeeded", _ => "failed" };
            if (exitCode is null)
            {
                output.Append($"\n(not started: {OneOffRuns.MaxConcurrent} one-off runs were running, the platform's bound)");
            }
        }
        catch (OperationCanceledException)
        {
            status = lifetime.ApplicationStopping.IsCancellationRequested ? "interrupted" : "replaced";
        }
        catch (Exception e) when (e is RuntimeException or FormatException)
        {
            status = "error";
            output.Append(e.Message);
        }

        var text = output.Length > OutputChars ? output.ToString(output.Length - OutputChars, OutputChars) : output.ToString();
        var duration = started is null ? (double?)null : time.GetElapsedTime(startedTicks).TotalSeconds;
        await store.AddCronRunAsync(new CronRunRecord(0, job.App, job.Job.Name, status, scheduledAt, started ?? time.GetUtcNow(), duration, exitCode, text), Keep, CancellationToken.None);
        Log.Ended(logger, job.App, job.Job.Name, status, exitCode, duration ?? 0);
    }

    private static string Key(string app, string job) => $"{app}/{job}";

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Cron job {Job} of {App}: container started {Milliseconds:0} ms after its trigger time")]
        public static partial void Started(ILogger logger, string app, string job, double milliseconds);

        [LoggerMessage(2, LogLevel.Information, "Cron job {Job} of {App} {Status} (exit code {ExitCode}) after {Seconds:0.0} s")]
        public static partial void Ended(ILogger logger, string app, string job, string status, int? exitCode, double seconds);

        [LoggerMessage(3, LogLevel.Information, "Cron job {Job} of {App} skipped: its previous run still runs (concurrencyPolicy: Forbid)")]
        public static partial void Skipped(ILogger logger, string app, string job);
    }
}
