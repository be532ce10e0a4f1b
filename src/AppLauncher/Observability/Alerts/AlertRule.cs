using AppLauncher.Core.Alerts;
using AppLauncher.Core.Config;

namespace AppLauncher.Observability.Alerts;

/// <summary>A validated alert rule: its parsed condition, the app it watches (null: every app) and its webhook.</summary>
public sealed record AlertRule(string Name, string? App, AlertCondition Condition, Uri Webhook, TimeSpan Repeat)
{
    public string ConditionText => AlertRuleText.Format(Condition);

    /// <summary>The rules of launcher.yaml, which the validator has already checked.</summary>
    public static IReadOnlyList<AlertRule> From(AlertsConfig config) =>
        [.. config.Rules.Select(r => new AlertRule(
            r.Name,
            string.IsNullOrEmpty(r.App) ? null : r.App,
            AlertRuleText.Parse(r.Rule, out var error) ?? throw new InvalidOperationException($"alerts.rules: '{r.Rule}' was not validated: {error}"),
            new Uri(r.Webhook),
            TimeSpan.FromSeconds(r.RepeatSeconds)))];
}
