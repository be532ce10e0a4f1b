using System.Globalization;

namespace AppLauncher.Core.Autoscaling;

/// <summary>
/// A standard 5-field cron expression (minute hour day-of-month month day-of-week) with lists, ranges, steps and
/// names (MON-FRI, JAN). Pure: finds the latest matching minute at or before a time.
/// </summary>
public sealed class CronSchedule
{
    private static readonly string[] Months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] Days = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    private readonly bool[] _minutes;
    private readonly bool[] _hours;
    private readonly bool[] _daysOfMonth;
    private readonly bool[] _months;
    private readonly bool[] _daysOfWeek;
    private readonly bool _anyDayOfMonth;
    private readonly bool _anyDayOfWeek;

    private CronSchedule(bool[] minutes, bool[] hours, bool[] daysOfMonth, bool[] months, bool[] daysOfWeek, bool anyDom, bool anyDow)
    {
        (_minutes, _hours, _daysOfMonth, _months, _daysOfWeek, _anyDayOfMonth, _anyDayOfWeek) = (minutes, hours, daysOfMonth, months, daysOfWeek, anyDom, anyDow);
    }

    /// <summary>Parses <paramref name="expression"/>; on failure returns null and a message naming the field and the rule.</summary>
    public static CronSchedule? TryParse(string expression, out string? error)
    {
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            error = $"'{expression}' is not a 5-field cron expression (minute hour day-of-month month day-of-week), e.g. '50 8 * * 1-5'";
            return null;
        }

        var minutes = Field(fields[0], 0, 59, null, "minute", out error);
        var hours = error is null ? Field(fields[1], 0, 23, null, "hour", out error) : null;
        var dom = error is null ? Field(fields[2], 1, 31, null, "day of month", out error) : null;
        var months = error is null ? Field(fields[3], 1, 12, Months, "month", out error) : null;
        var dow = error is null ? Field(fields[4], 0, 7, Days, "day of week", out error) : null;
        if (error is not null)
        {
            error = $"'{expression}': {error}";
            return null;
        }

        dow![0] |= dow[7]; // 7 is Sunday too
        return new CronSchedule(minutes!, hours!, dom!, months!, dow, fields[2] == "*", fields[4] == "*");
    }

    /// <summary>True when the minute containing <paramref name="time"/> matches.</summary>
    public bool Matches(DateTime time) =>
        _minutes[time.Minute] && _hours[time.Hour] && _months[time.Month] && DayMatches(time);

    /// <summary>The latest matching minute at or before <paramref name="time"/>, searching back at most <paramref name="horizon"/>.</summary>
    public DateTime? LatestAtOrBefore(DateTime time, TimeSpan horizon)
    {
        var t = new DateTime(time.Year, time.Month, time.Day, time.Hour, time.Minute, 0, time.Kind);
        var limit = t - horizon;
        while (t >= limit)
        {
            if (!_months[t.Month] || !DayMatches(t))
            {
                t = t.Date.AddMinutes(-1); // skip to the last minute of the previous day
                continue;
            }

            if (!_hours[t.Hour])
            {
                t = t.Date.AddHours(t.Hour).AddMinutes(-1); // skip to the last minute of the previous hour
                continue;
            }

            if (_minutes[t.Minute])
            {
                return t;
            }

            t = t.AddMinutes(-1);
        }

        return null;
    }

    /// <summary>Cron's rule: when both day fields are restricted, either may match.</summary>
    private bool DayMatches(DateTime t)
    {
        var dom = _daysOfMonth[t.Day];
        var dow = _daysOfWeek[(int)t.DayOfWeek];
        return (_anyDayOfMonth, _anyDayOfWeek) switch
        {
            (true, true) => true,
            (true, false) => dow,
            (false, true) => dom,
            _ => dom || dow,
        };
    }

    private static bool[]? Field(string text, int min, int max, string[]? names, string what, out string? error)
    {
        var set = new bool[max + 1];
        foreach (var part in text.Split(','))
        {
            var step = 1;
            var range = part;
            var slash = part.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0)
            {
                if (!int.TryParse(part[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out step) || step <= 0)
                {
                    error = $"{what}: '{part}' has a bad step (expected a positive number after '/')";
                    return null;
                }

                range = part[..slash];
            }

            int from, to;
            if (range == "*")
            {
                (from, to) = (min, max);
            }
            else
            {
                var dash = range.IndexOf('-', StringComparison.Ordinal);
                if (!Value(dash < 0 ? range : range[..dash], min, names, out from) || !Value(dash < 0 ? range : range[(dash + 1)..], min, names, out to))
                {
                    error = $"{what}: '{part}' is not a number{(names is null ? "" : " or name")} in {min}-{max}";
                    return null;
                }

                if (dash < 0 && slash >= 0)
                {
                    to = max;
                }
            }

            if (from < min || to > max || from > to)
            {
                error = $"{what}: '{part}' is outside {min}-{max}";
                return null;
            }

            for (var v = from; v <= to; v += step)
            {
                set[v] = true;
            }
        }

        error = null;
        return set;
    }

    private static bool Value(string text, int min, string[]? names, out int value)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        var index = names is null ? -1 : Array.FindIndex(names, n => n.Equals(text, StringComparison.OrdinalIgnoreCase));
        value = index + (names == Months ? 1 : 0);
        return index >= 0 && min >= 0;
    }
}
