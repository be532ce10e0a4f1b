namespace AppLauncher.Core.Alerts;

/// <summary>Where a metric rule stands for one app: not breached, breached for less than its duration, or firing.</summary>
public enum AlertPhase
{
    Inactive,
    Pending,
    Firing,
}
