namespace AppLauncher.Core.Alerts;

/// <summary>
/// pending → firing → resolved, as Prometheus's alerting rules do: a metric rule fires once its condition has held
/// for its whole duration, repeats every <c>repeat</c> while it keeps holding (0: never), and resolves the first time
/// it does not hold. Pure: the clock and the value come in.
/// </summary>
public static class AlertStateMachine
{
    public static (AlertState Next, AlertNotice Notice) Step(AlertState state, AlertCondition condition, double? value, DateTimeOffset now, TimeSpan repeat)
    {
        if (!condition.Breached(value))
        {
            return (AlertState.Inactive, state.Phase == AlertPhase.Firing ? AlertNotice.Resolved : AlertNotice.None);
        }

        switch (state.Phase)
        {
            case AlertPhase.Inactive when condition.For <= TimeSpan.Zero:
            case AlertPhase.Pending when now - state.Since >= condition.For:
                return (new AlertState(AlertPhase.Firing, now, now), AlertNotice.Firing);
            case AlertPhase.Inactive:
                return (new AlertState(AlertPhase.Pending, now, null), AlertNotice.None);
            case AlertPhase.Firing when repeat > TimeSpan.Zero && now - state.LastNotifiedAt >= repeat:
                return (state with { LastNotifiedAt = now }, AlertNotice.Repeat);
            default:
                return (state, AlertNotice.None);
        }
    }
}
