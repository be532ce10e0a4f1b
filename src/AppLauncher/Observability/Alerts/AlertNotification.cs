using AppLauncher.Core.Alerts;

namespace AppLauncher.Observability.Alerts;

/// <summary>One message to send for a rule: firing, repeat or resolved, about an app (null: the platform).</summary>
public sealed record AlertNotification(AlertRule Rule, string? App, AlertNotice Notice, double? Value, string Message, DateTimeOffset At)
{
    public string Status => Notice switch
    {
        AlertNotice.Resolved => "resolved",
        AlertNotice.Repeat => "repeat",
        _ => "firing",
    };

    /// <summary>The one line a person reads (Slack's <c>text</c>).</summary>
    public string Text => $"[{(Notice == AlertNotice.Resolved ? "RESOLVED" : "FIRING")}] {Rule.Name}{(App is null ? "" : $" on {App}")}: {Message}";
}
