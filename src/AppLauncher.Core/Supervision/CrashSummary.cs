using System.Globalization;

namespace AppLauncher.Core.Supervision;

/// <summary>
/// An app's state with its recent crashes in one phrase, as <c>kubectl get pods</c> shows CrashLoopBackOff:
/// <c>crashing (exit 1, 3 restarts, next try in 40s)</c>, or <c>running (1 restart, last exit 137)</c> once it is back.
/// </summary>
public static class CrashSummary
{
    /// <summary>The state that replaces the app's own while it crashes: nothing serves and it backs off or keeps crashing.</summary>
    public const string Crashing = "crashing";

    /// <summary>True when the app is down because of its crashes: no instance serves, and it backs off or keeps crashing.</summary>
    public static bool IsCrashing(CrashBackoff crash, bool serving, DateTimeOffset now) =>
        !serving && !crash.Expired(now) && (crash.BackingOff(now) || crash.CrashLooping(now));

    /// <summary>The phrase for <paramref name="state"/> with the crash history <paramref name="crash"/>, seen at <paramref name="now"/>.</summary>
    public static string Describe(string state, CrashBackoff crash, DateTimeOffset now)
    {
        var end = crash.OutOfMemory ? "out of memory" : crash.LastExitCode is { } code ? $"exit {code.ToString(CultureInfo.InvariantCulture)}" : "ended";
        var restarts = crash.Crashes == 1 ? "1 restart" : $"{crash.Crashes.ToString(CultureInfo.InvariantCulture)} restarts";
        if (state != Crashing)
        {
            return $"{state} ({restarts}, last {end})";
        }

        return crash.BackingOff(now)
            ? $"{Crashing} ({end}, {restarts}, next try in {Duration(crash.NextStartAt - now)})"
            : $"{Crashing} ({end}, {restarts}, restarting)";
    }

    /// <summary>A duration the way kubectl prints one: <c>9s</c>, <c>2m30s</c>, <c>5m</c>; rounded up to the second.</summary>
    public static string Duration(TimeSpan span)
    {
        var seconds = (long)Math.Ceiling(Math.Max(0, span.TotalSeconds));
        if (seconds < 60)
        {
            return $"{seconds.ToString(CultureInfo.InvariantCulture)}s";
        }

        var (minutes, rest) = (seconds / 60, seconds % 60);
        return rest == 0
            ? $"{minutes.ToString(CultureInfo.InvariantCulture)}m"
            : $"{minutes.ToString(CultureInfo.InvariantCulture)}m{rest.ToString(CultureInfo.InvariantCulture)}s";
    }
}
