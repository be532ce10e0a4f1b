namespace AppLauncher.Core.Autoscaling;

/// <summary>
/// The most instances one revision may have: its policy's <c>max</c> (or the platform's per-app default when the
/// policy says 0), and never more than the platform-wide cap leaves once every other revision's instances are counted.
/// </summary>
/// <param name="Max">The cap; at least 0.</param>
/// <param name="Reason">Why, for the decision's reason: <c>max 5</c>, <c>default max 10 per app</c>, <c>platform cap 1000: 2 left (998 elsewhere)</c>.</param>
public sealed record InstanceCap(int Max, string Reason)
{
    /// <summary>No cap at all: what a decider sees when its caller passes none.</summary>
    public static readonly InstanceCap None = new(int.MaxValue, "no cap");

    /// <param name="policyMax">The app's <c>max</c>; 0 means the platform default.</param>
    /// <param name="defaultMaxPerApp">The platform's per-app default; 0 means none.</param>
    /// <param name="platformMax">Instances the whole platform may run; 0 means no cap.</param>
    /// <param name="elsewhere">Instances (ready or starting) of every other revision on the platform.</param>
    public static InstanceCap For(int policyMax, int defaultMaxPerApp, int platformMax, int elsewhere)
    {
        var cap = policyMax > 0 ? new InstanceCap(policyMax, $"max {policyMax}")
            : defaultMaxPerApp > 0 ? new InstanceCap(defaultMaxPerApp, $"default max {defaultMaxPerApp} per app")
            : None;
        if (platformMax > 0 && platformMax - elsewhere < cap.Max)
        {
            cap = new InstanceCap(Math.Max(0, platformMax - elsewhere), $"platform cap {platformMax}: {Math.Max(0, platformMax - elsewhere)} left ({elsewhere} elsewhere)");
        }

        return cap;
    }
}
