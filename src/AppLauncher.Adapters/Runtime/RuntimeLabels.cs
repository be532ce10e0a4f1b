namespace AppLauncher.Runtime;

/// <summary>Labels on every container AppLauncher runs: how instances are found again.</summary>
public static class RuntimeLabels
{
    public const string App = "launcher.app";
    public const string Revision = "launcher.revision";
    public const string Managed = "launcher.managed";
    public const string Installation = "launcher.installation";

    /// <summary>Set on one-off containers (release commands), which are no instances.</summary>
    public const string Role = "launcher.role";

    /// <summary>The <see cref="Role"/> of a non-web process type's instance (a worker).</summary>
    public const string ProcessRole = "process";

    /// <summary>The <see cref="Role"/> of a one-off run (<c>launcher run</c>, a cron job's run).</summary>
    public const string RunRole = "run";

    /// <summary>On a one-off run: its command, as typed.</summary>
    public const string RunCommand = "launcher.command";

    /// <summary>On a process instance: its Procfile process type (<c>worker</c>).</summary>
    public const string ProcessType = "launcher.process";
}
