using System.Text.Json;

namespace AppLauncher.Core.Build;

/// <summary>Turns a start command into a Dockerfile <c>CMD</c> in exec form, so the app gets signals directly.</summary>
public static class StartCommand
{
    private const string ShellCharacters = "|&;<>()$`\\\"'*?[]#~=%{}!\n";

    /// <summary>
    /// <c>node server.js</c> → <c>["node","server.js"]</c>; a command that needs a shell (pipes, variables,
    /// quotes, <c>&amp;&amp;</c>) runs under <c>/bin/sh -c</c>.
    /// </summary>
    public static string ToExecForm(string command)
    {
        var trimmed = command.Trim();
        string[] argv = trimmed.Any(c => ShellCharacters.Contains(c, StringComparison.Ordinal))
            ? ["/bin/sh", "-c", trimmed]
            : trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return JsonSerializer.Serialize(argv);
    }
}
