using System.Diagnostics;

namespace AppLauncher.Cli;

/// <summary>Who runs the CLI, for the server's record of changes: $LAUNCHER_ACTOR, else git's user.email, else user@host.</summary>
internal static class CliActor
{
    public static string Resolve() =>
        Environment.GetEnvironmentVariable("LAUNCHER_ACTOR") is { Length: > 0 } actor ? actor
        : GitEmail() is { Length: > 0 } email ? email
        : $"{Environment.UserName}@{Environment.MachineName}";

    private static string? GitEmail()
    {
        try
        {
            var start = new ProcessStartInfo("git", ["config", "user.email"]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var git = Process.Start(start);
            if (git is null)
            {
                return null;
            }

            var email = git.StandardOutput.ReadToEnd().Trim();
            return git.WaitForExit(TimeSpan.FromSeconds(5)) && git.ExitCode == 0 ? email : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No git on this machine.
            return null;
        }
    }
}
