using System.Globalization;
using System.Text.RegularExpressions;

namespace AppLauncher.Core.Alerts;

/// <summary>
/// The text form of alert conditions, the step-alarm vocabulary: <c>p95-latency&gt;=500ms for 120s</c>,
/// <c>5xx-rate&gt;=5% for 60s</c>, <c>cpu&gt;=90 for 300s</c>, <c>instances&lt;1 for 2m</c>, <c>event deploy-failed</c>.
/// Pure: errors name the text, what is wrong and print the grammar.
/// </summary>
public static partial class AlertRuleText
{
    /// <summary>The grammar, as every error prints it.</summary>
    public const string Grammar =
        "<metric><op><threshold>[unit] for <duration> | event <kind>; metric: p95-latency (ms or s), 5xx-rate (%), cpu (%), memory (%), rps, concurrency, instances; "
        + "op: >= > <= <; duration: <n>s, <n>m or <n>h (1s to 24h); kind: crash-loop, deploy-failed, dns-registration-failed, certificate-expiring; "
        + "e.g. 'p95-latency>=500ms for 120s', '5xx-rate>=5% for 60s', 'cpu>=90 for 300s', 'event deploy-failed'";

    public const int MaxLength = 200;

    private static readonly Dictionary<string, PlatformEventKind> Events = new(StringComparer.Ordinal)
    {
        ["crash-loop"] = PlatformEventKind.CrashLoop,
        ["deploy-failed"] = PlatformEventKind.DeployFailed,
        ["dns-registration-failed"] = PlatformEventKind.DnsRegistrationFailed,
        ["certificate-expiring"] = PlatformEventKind.CertificateExpiring,
    };

    [GeneratedRegex(@"^(?<metric>[a-z0-9-]+)\s*(?<op>>=|<=|>|<)\s*(?<threshold>\d{1,9}(\.\d{1,6})?)\s*(?<unit>ms|s|%)?\s+for\s+(?<for>\d{1,6})\s*(?<forunit>s|m|h)\z")]
    private static partial Regex Metric();

    [GeneratedRegex(@"^event\s+(?<kind>[a-z0-9-]+)\z")]
    private static partial Regex Event();

    /// <summary>The condition <paramref name="text"/> says, or null with <paramref name="error"/> saying why and how to write it.</summary>
    public static AlertCondition? Parse(string? text, out string? error)
    {
        var trimmed = (text ?? "").Trim().ToLowerInvariant();
        if (trimmed.Length == 0 || trimmed.Length > MaxLength)
        {
            error = trimmed.Length == 0 ? $"is empty: write {Grammar}" : $"is longer than {MaxLength} characters: write {Grammar}";
            return null;
        }

        var shown = trimmed.Length > 60 ? trimmed[..60] + "…" : trimmed;
        if (Event().Match(trimmed) is { Success: true } e)
        {
            if (!Events.TryGetValue(e.Groups["kind"].Value, out var kind))
            {
                error = $"'{shown}': '{e.Groups["kind"].Value}' is not an event; write {Grammar}";
                return null;
            }

            error = null;
            return new AlertCondition(null, null, 0, TimeSpan.Zero, kind);
        }

        var m = Metric().Match(trimmed);
        if (!m.Success)
        {
            error = $"'{shown}' is not an alert rule: write {Grammar}";
            return null;
        }

        var metric = m.Groups["metric"].Value;
        if (!AlertMetric.All.Contains(metric))
        {
            error = $"'{shown}': '{metric}' is not a metric alerts can watch; write {Grammar}";
            return null;
        }

        var threshold = double.Parse(m.Groups["threshold"].Value, CultureInfo.InvariantCulture);
        var unit = m.Groups["unit"].Value;
        switch (metric, unit)
        {
            case (AlertMetric.P95Latency, "s"):
                threshold *= 1000;
                break;
            case (AlertMetric.P95Latency, "ms" or ""):
            case (AlertMetric.ErrorRate or AlertMetric.Cpu or AlertMetric.Memory, "%" or ""):
            case (AlertMetric.Rps or AlertMetric.Concurrency or AlertMetric.Instances, ""):
                break;
            default:
                error = $"'{shown}': {metric} is not measured in '{unit}' ({UnitOf(metric)}); write {Grammar}";
                return null;
        }

        if (metric is AlertMetric.ErrorRate && threshold > 100)
        {
            error = $"'{shown}': a 5xx rate is a percentage between 0 and 100; write {Grammar}";
            return null;
        }

        var amount = int.Parse(m.Groups["for"].Value, CultureInfo.InvariantCulture);
        var duration = m.Groups["forunit"].Value switch
        {
            "h" => TimeSpan.FromHours(amount),
            "m" => TimeSpan.FromMinutes(amount),
            _ => TimeSpan.FromSeconds(amount),
        };
        if (duration < TimeSpan.FromSeconds(1) || duration > TimeSpan.FromHours(24))
        {
            error = $"'{shown}': the duration must be between 1s and 24h; write {Grammar}";
            return null;
        }

        error = null;
        return new AlertCondition(metric, m.Groups["op"].Value, threshold, duration, null);
    }

    /// <summary>The canonical text of a condition (what the API and the CLI show).</summary>
    public static string Format(AlertCondition condition) =>
        condition.Event is { } kind
            ? "event " + Events.First(e => e.Value == kind).Key
            : string.Create(CultureInfo.InvariantCulture, $"{condition.Metric}{condition.Operator}{condition.Threshold}{Suffix(condition.Metric!)} for {condition.For.TotalSeconds:0}s");

    private static string Suffix(string metric) => metric switch
    {
        AlertMetric.P95Latency => "ms",
        AlertMetric.ErrorRate => "%",
        _ => "",
    };

    private static string UnitOf(string metric) => metric switch
    {
        AlertMetric.P95Latency => "ms or s",
        AlertMetric.ErrorRate or AlertMetric.Cpu or AlertMetric.Memory => "%",
        _ => "a plain number",
    };
}
