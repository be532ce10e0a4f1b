namespace AppLauncher.Core.Autoscaling;

/// <summary>Which scheduled minimum holds at a given time: a window is open when its latest start is later than its latest end.</summary>
public static class ScheduledMinimums
{
    private static readonly TimeSpan Horizon = TimeSpan.FromDays(366);

    /// <summary>The largest minimum of the windows open at <paramref name="now"/>, and the window's description; 0 when none is.</summary>
    public static (int Min, string? Window) ActiveAt(IEnumerable<ScheduledMinimum> schedules, DateTimeOffset now)
    {
        var best = (Min: 0, Window: (string?)null);
        foreach (var schedule in schedules)
        {
            if (IsOpen(schedule, now) && schedule.Min > best.Min)
            {
                best = (schedule.Min, $"'{schedule.Start}' to '{schedule.End}' ({schedule.TimeZone})");
            }
        }

        return best;
    }

    public static bool IsOpen(ScheduledMinimum schedule, DateTimeOffset now)
    {
        var start = CronSchedule.TryParse(schedule.Start, out _);
        var end = CronSchedule.TryParse(schedule.End, out _);
        if (start is null || end is null)
        {
            return false;
        }

        var local = TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById(schedule.TimeZone)).DateTime;
        var opened = start.LatestAtOrBefore(local, Horizon);
        var closed = end.LatestAtOrBefore(local, Horizon);
        return opened is { } o && (closed is not { } c || o > c);
    }
}
