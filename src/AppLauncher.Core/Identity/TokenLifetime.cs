using System.Globalization;

namespace AppLauncher.Core.Identity;

/// <summary>Parses a token lifetime as users write it: <c>30d</c>, <c>12h</c>, <c>90m</c>.</summary>
public static class TokenLifetime
{
    public static readonly TimeSpan Max = TimeSpan.FromDays(3650);

    /// <summary>The lifetime, or an error naming what was wrong.</summary>
    public static (TimeSpan? Value, string? Error) Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, null);
        }

        var t = text.Trim();
        var unit = t[^1];
        if (!int.TryParse(t[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0)
        {
            return (null, $"expires '{text}' is not a lifetime: write a whole number and a unit, e.g. 30d, 12h or 90m");
        }

        TimeSpan? value = unit switch
        {
            'd' => TimeSpan.FromDays(n),
            'h' => TimeSpan.FromHours(n),
            'm' => TimeSpan.FromMinutes(n),
            _ => null,
        };
        return value is null
            ? (null, $"expires '{text}' has no known unit: use d (days), h (hours) or m (minutes), e.g. 30d")
            : value > Max ? (null, $"expires '{text}' is over ten years: choose a shorter lifetime") : (value, null);
    }
}
