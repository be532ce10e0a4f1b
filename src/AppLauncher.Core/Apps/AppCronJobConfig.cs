namespace AppLauncher.Core.Apps;

/// <summary>One entry of <c>cron:</c> in an app's <c>launcher.yaml</c>: a command run from the app's image on a schedule.</summary>
public sealed class AppCronJobConfig
{
    /// <summary>A DNS label, e.g. <c>cleanup</c>; the job runs as <c>{app}-{name}</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>Five-field cron expression in UTC, e.g. <c>0 3 * * *</c>.</summary>
    public string Schedule { get; set; } = "";

    /// <summary>Shell command, run with <c>/bin/sh -c</c>.</summary>
    public string Command { get; set; } = "";

    /// <summary>The IANA time zone the schedule is read in (e.g. <c>Europe/Paris</c>); null: UTC. Docker runtime only so far.</summary>
    public string? TimeZone { get; set; }

    /// <summary>What a run due while the previous one still runs does, as Kubernetes names it: <c>Forbid</c> (skip it, the default), <c>Allow</c>, <c>Replace</c>.</summary>
    public string ConcurrencyPolicy { get; set; } = CronPolicies.Forbid;
}
