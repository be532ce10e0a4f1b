using System.Globalization;
using System.Text.RegularExpressions;

namespace AppLauncher.Observability.Logs;

/// <summary>A <c>since</c> as people write it: a duration back from now (<c>30s</c>, <c>10m</c>, <c>2h</c>, <c>7d</c>) or an RFC 3339 time.</summary>
public static partial class LogSince
{
    public const string Expected = "a duration back from now (30s, 10m, 2h, 7d) or an RFC 3339 time (2026-12-02T05:00:00Z)";

    /// <summary>The instant, or null when <paramref name="text"/> is neither form.</summary>
    public static DateTimeOffset? Parse(string text, DateTimeOffset now)
    {
        if (Duration().Match(text) is { Success: true } match
            && long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var amount)
            && amount <= 100_000)
        {
            return now - match.Groups[2].Value switch
            {
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                _ => TimeSpan.FromDays(amount),
            };
        }

        return text.Length <= 40 && text.Contains('T') && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : null;
    }

    [GeneratedRegex("^([0-9]{1,6})([smhd])$")]
    private static partial Regex Duration();
}
