using AppLauncher.Core.Alerts;

namespace AppLauncher.Observability;

/// <summary>One thing that happened, for alert rules on events.</summary>
/// <param name="App">The app it happened to; null for the platform itself.</param>
/// <param name="Detail">One line for a person: what happened and where to look.</param>
public sealed record PlatformEvent(PlatformEventKind Kind, string? App, string? Revision, string Detail, DateTimeOffset At);
