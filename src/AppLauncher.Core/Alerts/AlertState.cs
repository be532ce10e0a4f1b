namespace AppLauncher.Core.Alerts;

/// <summary>One rule's state for one app.</summary>
/// <param name="Since">When the condition started to hold (pending) or when it fired (firing).</param>
/// <param name="LastNotifiedAt">When the last firing or repeat notice was sent.</param>
public sealed record AlertState(AlertPhase Phase, DateTimeOffset? Since, DateTimeOffset? LastNotifiedAt)
{
    public static readonly AlertState Inactive = new(AlertPhase.Inactive, null, null);
}
