using AppLauncher.Core.Identity;
using AppLauncher.Identity;
using AppLauncher.Scheduling;
using AppLauncher.Store;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AppLauncher.Api;

/// <summary>One cron job of an app as it is scheduled now.</summary>
public sealed record CronJobDto(string Name, string Schedule, string TimeZone, string ConcurrencyPolicy, string Command, DateTimeOffset? NextRunAt, bool Running);

/// <summary>One run of a cron job: <see cref="StartedAt"/> is when its container started (for a skipped run: when it was skipped).</summary>
public sealed record CronRunDto(string Job, string Status, DateTimeOffset ScheduledAt, DateTimeOffset StartedAt, double? DurationSeconds, int? ExitCode, string? Output);

/// <summary>An app's cron jobs and their last runs, newest first.</summary>
public sealed record CronDto(string App, CronJobDto[] Jobs, CronRunDto[] Runs);

/// <summary><c>/api/apps/{name}/cron</c>: the app's cron jobs and their history (<c>launcher cron</c>); <c>/cron/{job}/run</c>: run one now.</summary>
internal static class CronApi
{
    public static RouteGroupBuilder MapCronApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/apps/{name}/cron");
        group.MapGet("/", ListAsync).RequireAppRole(Role.Viewer);
        group.MapPost("/{job}/run", RunNowAsync).RequireAppRole(Role.Developer);
        return group;
    }

    private static async Task<Results<Ok<CronDto>, ProblemHttpResult>> ListAsync(string name, IStore store, CronJobs jobs, CronScheduler scheduler, CronRunner runner, CancellationToken cancellationToken)
    {
        if (await store.GetAppAsync(name, cancellationToken) is null)
        {
            return ApiProblems.NoSuchApp(name);
        }

        var declared = new List<CronJobDto>();
        foreach (var job in await jobs.ListAsync(name, cancellationToken))
        {
            declared.Add(new CronJobDto(job.Job.Name, job.Job.Schedule, job.Job.TimeZone ?? "UTC", job.Job.ConcurrencyPolicy, job.Job.Command,
                await scheduler.NextRunAsync(name, job.Job.Name, cancellationToken), runner.IsRunning(name, job.Job.Name)));
        }

        var runs = await store.ListCronRunsAsync(name, cancellationToken);
        return TypedResults.Ok(new CronDto(name, [.. declared],
            [.. runs.Select(r => new CronRunDto(r.Job, r.Status, r.ScheduledAt, r.StartedAt, r.DurationSeconds, r.ExitCode, r.Output))]));
    }

    /// <summary>Runs the job now, as its trigger would (its concurrency policy applies); answers what happened to the run.</summary>
    private static async Task<Results<Accepted<string>, ProblemHttpResult>> RunNowAsync(string name, string job, IStore store, CronJobs jobs, CronRunner runner, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await store.GetAppAsync(name, cancellationToken) is null)
        {
            return ApiProblems.NoSuchApp(name);
        }

        if (await jobs.FindAsync(name, job, cancellationToken) is not { } found)
        {
            var names = (await jobs.ListAsync(name, cancellationToken)).Select(j => j.Job.Name).ToList();
            return TypedResults.Problem(
                $"{name} has no cron job '{job}'; {(names.Count == 0 ? "it declares none (add one under cron: in its launcher.yaml and push)" : $"its jobs are: {string.Join(", ", names)}")}.",
                statusCode: StatusCodes.Status404NotFound, title: "No such cron job");
        }

        return TypedResults.Accepted($"/api/apps/{name}/cron", await runner.FireAsync(found, time.GetUtcNow(), cancellationToken));
    }
}
