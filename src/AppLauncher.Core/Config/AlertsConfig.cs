namespace AppLauncher.Core.Config;

/// <summary>Alert rules and how their notifications are delivered (<c>alerts:</c> in launcher.yaml).</summary>
public sealed class AlertsConfig
{
    /// <summary>How often metric rules are evaluated, in seconds.</summary>
    public int EvaluationIntervalSeconds { get; set; } = 10;

    /// <summary>How long one webhook call may take before it counts as failed, in seconds.</summary>
    public int WebhookTimeoutSeconds { get; set; } = 5;

    /// <summary>Tries per notification (the first included), with back-off doubling from 1 s; then the history says failed.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Notifications waiting for delivery at most; past it the oldest is dropped (and logged), so nothing waits on a slow webhook.</summary>
    public int MaxQueued { get; set; } = 1000;

    public List<AlertRuleConfig> Rules { get; set; } = [];
}

/// <summary>One alert rule: a condition on one app (or every app), and where to send its notifications.</summary>
public sealed class AlertRuleConfig
{
    /// <summary>Shown in notifications and the history; unique.</summary>
    public string Name { get; set; } = "";

    /// <summary>The app it watches; empty: every app (platform-wide).</summary>
    public string? App { get; set; }

    /// <summary>The condition: <c>5xx-rate&gt;=5% for 60s</c>, <c>event deploy-failed</c> (see the grammar in the README).</summary>
    public string Rule { get; set; } = "";

    /// <summary>An http(s) URL that gets each notification as JSON (with a Slack-compatible <c>text</c>).</summary>
    public string Webhook { get; set; } = "";

    /// <summary>While it keeps firing, send it again this often (seconds); 0: once.</summary>
    public int RepeatSeconds { get; set; } = 3600;
}
