namespace AppLauncher.Core.Apps;

/// <summary>The <c>concurrencyPolicy</c> values of a cron job, spelled as Kubernetes spells them.</summary>
public static class CronPolicies
{
    /// <summary>A run due while the previous one runs is skipped (and recorded as skipped).</summary>
    public const string Forbid = "Forbid";

    /// <summary>Runs may overlap.</summary>
    public const string Allow = "Allow";

    /// <summary>The running one is stopped and the new one starts.</summary>
    public const string Replace = "Replace";

    public static readonly string[] All = [Forbid, Allow, Replace];
}
