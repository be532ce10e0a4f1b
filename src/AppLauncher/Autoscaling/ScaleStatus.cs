namespace AppLauncher.Autoscaling;

/// <summary>The autoscaler's latest view of an app, for the API and the CLI.</summary>
public sealed record ScaleStatus(string App, string? Revision, int Desired, int Ready, int Starting, int Held, bool Panicking, string Reason, DateTimeOffset At, IReadOnlyDictionary<string, double> Metrics);
