namespace AppLauncher.Core.Alerts;

/// <summary>What a step of the state machine asks to send.</summary>
public enum AlertNotice
{
    None,

    /// <summary>The rule started firing (or an event happened).</summary>
    Firing,

    /// <summary>Still firing after the repeat interval.</summary>
    Repeat,

    /// <summary>It was firing and the condition no longer holds.</summary>
    Resolved,
}
