using AppLauncher.Core.Autoscaling;

namespace AppLauncher.Core.Processes;

/// <summary>
/// When a cron job runs next: the first whole minute after a time whose wall-clock time in the job's zone matches the
/// schedule. Walking UTC minutes and reading each in the zone gives the cron daemon's behaviour at DST changes: a time
/// in the spring gap never happens (its run is skipped), a time in the autumn overlap happens twice. Pure; no clock.
/// </summary>
public static class CronNextRun
{
    /// <summary>How far ahead to look: a schedule that matches nothing within a leap year and a day (30 February) never runs.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromDays(367);

    /// <summary>The next run strictly after <paramref name="after"/>, in UTC; null when the schedule matches no minute within <see cref="Horizon"/>.</summary>
    public static DateTimeOffset? After(CronSchedule schedule, DateTimeOffset after, TimeZoneInfo zone)
    {
        var utc = after.UtcDateTime;
        var minute = new DateTime(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, 0, DateTimeKind.Utc).AddMinutes(1);
        var end = minute + Horizon;
        for (; minute < end; minute = minute.AddMinutes(1))
        {
            if (schedule.Matches(TimeZoneInfo.ConvertTimeFromUtc(minute, zone)))
            {
                return new DateTimeOffset(minute);
            }
        }

        return null;
    }
}
