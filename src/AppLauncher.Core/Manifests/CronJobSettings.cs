namespace AppLauncher.Core.Manifests;

/// <summary>A command run on a schedule from the app's image (one CronJob).</summary>
public sealed record CronJobSettings
{
    /// <summary>A DNS label; the CronJob is named <c>{app}-{name}</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Five-field cron expression, e.g. <c>0 3 * * *</c>.</summary>
    public required string Schedule { get; init; }

    /// <summary>Shell command run with <c>/bin/sh -c</c>.</summary>
    public required string Command { get; init; }

    /// <summary>IANA time zone of <see cref="Schedule"/>.</summary>
    public string TimeZone { get; init; } = "Etc/UTC";

    /// <summary>What a run due while the previous one still runs does: <c>Forbid</c> (skip it), <c>Allow</c> or <c>Replace</c> (see <see cref="Apps.CronPolicies"/>).</summary>
    public string ConcurrencyPolicy { get; init; } = Apps.CronPolicies.Forbid;

    /// <summary>A run is killed after this many seconds.</summary>
    public int TimeoutSeconds { get; init; } = 3600;
}
