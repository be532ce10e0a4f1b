using AppLauncher.Core.Supervision;

namespace AppLauncher.Autoscaling;

/// <summary>The autoscaler's latest view of an app, for the API and the CLI.</summary>
public sealed record ScaleStatus(string App, string? Revision, int Desired, int Ready, int Starting, int Held, bool Panicking, string Reason, DateTimeOffset At, IReadOnlyDictionary<string, double> Metrics)
{
    /// <summary>The revision's recent crashes (exit code, last output, back-off), or null when it has not crashed lately.</summary>
    public CrashStatus? Crashes { get; init; }
}

/// <summary>A revision's recent crashes as the API shows them.</summary>
/// <param name="Restarts">Crashes in a row since the count last started over.</param>
/// <param name="CrashLooping">Two or more crashes not yet forgiven by 10 min without one.</param>
/// <param name="BackoffUntil">No instance starts before this; null when one may start now.</param>
public sealed record CrashStatus(int Restarts, bool CrashLooping, DateTimeOffset LastCrashAt, int? LastExitCode, bool OutOfMemory, string LastOutput, DateTimeOffset? BackoffUntil)
{
    public static CrashStatus Of(CrashBackoff state, DateTimeOffset now) =>
        new(state.Crashes, state.CrashLooping(now), state.LastCrashAt, state.LastExitCode, state.OutOfMemory, state.LastOutput, state.BackingOff(now) ? state.NextStartAt : null);
}
