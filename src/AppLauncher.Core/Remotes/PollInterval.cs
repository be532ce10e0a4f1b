using System.Globalization;

namespace AppLauncher.Core.Remotes;

/// <summary>A <c>--poll</c> interval: a number and a unit, <c>30s</c>, <c>5m</c>, <c>1h</c>; <c>off</c> for none.</summary>
public static class PollInterval
{
    /// <summary>The interval in seconds (null for <c>off</c> or nothing), or an error naming the forms and the floor.</summary>
    public static (int? Seconds, string? Error) Parse(string? text, int minSeconds)
    {
        if (string.IsNullOrWhiteSpace(text) || text == "off")
        {
            return (null, null);
        }

        var unit = text[^1] switch { 's' => 1, 'm' => 60, 'h' => 3600, _ => 0 };
        if (unit == 0 || text.Length > 12 || !int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0)
        {
            return (null, $"poll interval '{(text.Length > 40 ? text[..40] + "…" : text)}' is not a number with a unit: write e.g. 30s, 5m or 1h (or off)");
        }

        var seconds = (long)n * unit;
        if (seconds < minSeconds || seconds > 7 * 86400)
        {
            return (null, $"poll interval {text} must be between {minSeconds} s (remotes.minPollSeconds) and 7 days");
        }

        return ((int)seconds, null);
    }
}
