using AppLauncher.Core.Apps;
using AppLauncher.Release;
using AppLauncher.Store;

namespace AppLauncher.Scheduling;

/// <summary>One cron job of an app as it is scheduled now: from the app's current revision's launcher.yaml.</summary>
public sealed record ScheduledCronJob(string App, string Revision, AppCronJobConfig Job)
{
    /// <summary>What, when it changes, moves the job's next run: its schedule and time zone.</summary>
    public string Definition => $"{Job.Schedule}|{Job.TimeZone ?? "UTC"}";

    public TimeZoneInfo Zone => Job.TimeZone is { } zone ? TimeZoneInfo.FindSystemTimeZoneById(zone) : TimeZoneInfo.Utc;
}

/// <summary>The cron jobs every app's current revision declares; each revision's launcher.yaml is read once.</summary>
internal sealed class CronJobs(IStore store)
{
    private readonly Dictionary<string, IReadOnlyList<AppCronJobConfig>> _byRevision = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public async Task<IReadOnlyList<ScheduledCronJob>> ListAsync(string? only, CancellationToken cancellationToken)
    {
        var apps = only is null
            ? await store.ListAppsAsync(cancellationToken)
            : await store.GetAppAsync(only, cancellationToken) is { } one ? [one] : [];
        var jobs = new List<ScheduledCronJob>();
        foreach (var app in apps.Where(a => a.CurrentRevision is not null))
        {
            foreach (var job in await OfRevisionAsync(app.CurrentRevision!, cancellationToken))
            {
                jobs.Add(new ScheduledCronJob(app.Name, app.CurrentRevision!, job));
            }
        }

        return jobs;
    }

    public async Task<ScheduledCronJob?> FindAsync(string app, string job, CancellationToken cancellationToken) =>
        (await ListAsync(app, cancellationToken)).FirstOrDefault(j => j.Job.Name == job);

    private async Task<IReadOnlyList<AppCronJobConfig>> OfRevisionAsync(string revision, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_byRevision.TryGetValue(revision, out var known))
            {
                return known;
            }
        }

        IReadOnlyList<AppCronJobConfig> jobs;
        try
        {
            jobs = await store.GetRevisionAsync(revision, cancellationToken) is { } record ? RevisionInstances.AppConfigOf(record)?.Cron ?? [] : [];
        }
        catch (FormatException)
        {
            jobs = []; // a revision stored before validation tightened: its jobs are not run
        }

        lock (_lock)
        {
            _byRevision[revision] = jobs;
        }

        return jobs;
    }
}
