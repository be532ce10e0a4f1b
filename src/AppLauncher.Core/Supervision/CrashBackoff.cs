namespace AppLauncher.Core.Supervision;

/// <summary>
/// A revision's crash history and when it may start again, as the kubelet does for a pod: the first crash is replaced
/// at once, each further one waits twice as long as the last (10 s, 20 s, 40 s … capped at 5 min), and the count
/// starts over once the revision could have run for 10 min without a crash. No I/O: the clock comes in.
/// </summary>
/// <param name="Crashes">Crashes since the count last started over.</param>
/// <param name="LastCrashAt">When the last crash was seen.</param>
/// <param name="NextStartAt">No instance of the revision starts before this.</param>
/// <param name="LastExitCode">The last crashed instance's exit code, when known.</param>
/// <param name="OutOfMemory">The last crash was the kernel ending it for exceeding its memory limit.</param>
/// <param name="LastOutput">The last lines it printed.</param>
public sealed record CrashBackoff(int Crashes, DateTimeOffset LastCrashAt, DateTimeOffset NextStartAt, int? LastExitCode, bool OutOfMemory, string LastOutput)
{
    public static readonly TimeSpan InitialDelay = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan ResetAfter = TimeSpan.FromMinutes(10);

    /// <summary>The history after one more crash at <paramref name="now"/>; <paramref name="previous"/> null: the first one.</summary>
    public static CrashBackoff After(CrashBackoff? previous, DateTimeOffset now, int? exitCode, bool outOfMemory, string output)
    {
        var crashes = previous is null || now - previous.NextStartAt >= ResetAfter ? 1 : previous.Crashes + 1;
        return new CrashBackoff(crashes, now, now + Delay(crashes), exitCode, outOfMemory, output);
    }

    /// <summary>How long the <paramref name="crashes"/>-th crash in a row keeps the revision down: 0, then 10 s doubling to 5 min.</summary>
    public static TimeSpan Delay(int crashes)
    {
        if (crashes <= 1)
        {
            return TimeSpan.Zero;
        }

        // 2^(crashes-2) overflows long before the cap matters: stop doubling once past it.
        var delay = InitialDelay;
        for (var i = 2; i < crashes && delay < MaxDelay; i++)
        {
            delay *= 2;
        }

        return delay < MaxDelay ? delay : MaxDelay;
    }

    /// <summary>True while starting an instance must wait.</summary>
    public bool BackingOff(DateTimeOffset now) => now < NextStartAt;

    /// <summary>True while the history counts: two or more crashes not yet forgiven by 10 min without one.</summary>
    public bool CrashLooping(DateTimeOffset now) => Crashes >= 2 && now - NextStartAt < ResetAfter;

    /// <summary>True once the history no longer counts and may be dropped.</summary>
    public bool Expired(DateTimeOffset now) => now - NextStartAt >= ResetAfter;
}
