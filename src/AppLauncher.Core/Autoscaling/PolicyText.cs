using System.Globalization;
using System.Text.RegularExpressions;

namespace AppLauncher.Core.Autoscaling;

/// <summary>
/// The short text forms of step policies and schedules used on the command line:
/// <c>cpu&gt;=90 for 300s +2 cooldown 60s</c> and <c>50 8 * * 1-5 .. 0 18 * * 1-5 min 3 [tz Europe/Paris]</c>.
/// </summary>
public static partial class PolicyText
{
    [GeneratedRegex(@"^\s*(?<metric>[a-z0-9-]+)\s*(?<op>>=|<=|>|<)\s*(?<threshold>\d+(\.\d+)?)\s*%?\s+for\s+(?<for>\d+)\s*s\s+(?<change>[+-]\d+)(\s+cooldown\s+(?<cooldown>\d+)\s*s)?\s*\z", RegexOptions.IgnoreCase)]
    private static partial Regex Step();

    [GeneratedRegex(@"^\s*(?<start>\S+(\s+\S+){4})\s*\.\.\s*(?<end>\S+(\s+\S+){4})\s+min\s+(?<min>\d+)(\s+tz\s+(?<tz>\S+))?\s*\z", RegexOptions.IgnoreCase)]
    private static partial Regex Schedule();

    public static StepPolicy? ParseStep(string text, out string? error)
    {
        var m = Step().Match(text);
        if (!m.Success)
        {
            error = $"'{text}' is not a step policy: write '<metric> <op> <threshold> for <seconds>s <+/-instances> [cooldown <seconds>s]', e.g. 'cpu>=90 for 300s +2 cooldown 60s'";
            return null;
        }

        error = null;
        return new StepPolicy
        {
            Metric = m.Groups["metric"].Value.ToLowerInvariant(),
            Operator = m.Groups["op"].Value,
            Threshold = double.Parse(m.Groups["threshold"].Value, CultureInfo.InvariantCulture),
            ForSeconds = int.Parse(m.Groups["for"].Value, CultureInfo.InvariantCulture),
            Change = int.Parse(m.Groups["change"].Value, CultureInfo.InvariantCulture),
            CooldownSeconds = m.Groups["cooldown"].Success ? int.Parse(m.Groups["cooldown"].Value, CultureInfo.InvariantCulture) : 60,
        };
    }

    public static ScheduledMinimum? ParseSchedule(string text, out string? error)
    {
        var m = Schedule().Match(text);
        if (!m.Success)
        {
            error = $"'{text}' is not a schedule: write '<start cron> .. <end cron> min <n> [tz <zone>]', e.g. '50 8 * * 1-5 .. 0 18 * * 1-5 min 3'";
            return null;
        }

        error = null;
        return new ScheduledMinimum
        {
            Start = m.Groups["start"].Value,
            End = m.Groups["end"].Value,
            Min = int.Parse(m.Groups["min"].Value, CultureInfo.InvariantCulture),
            TimeZone = m.Groups["tz"].Success ? m.Groups["tz"].Value : "UTC",
        };
    }

    public static string Format(StepPolicy step) =>
        string.Create(CultureInfo.InvariantCulture, $"{step.Metric}{step.Operator}{step.Threshold} for {step.ForSeconds}s {step.Change:+0;-0} cooldown {step.CooldownSeconds}s");

    public static string Format(ScheduledMinimum schedule) =>
        $"{schedule.Start} .. {schedule.End} min {schedule.Min}" + (schedule.TimeZone == "UTC" ? "" : $" tz {schedule.TimeZone}");
}
