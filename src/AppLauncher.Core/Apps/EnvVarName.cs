using System.Text.RegularExpressions;

namespace AppLauncher.Core.Apps;

/// <summary>The rule for the names of an app's environment variables, in launcher.yaml and in <c>launcher config set</c> alike.</summary>
public static partial class EnvVarName
{
    /// <summary>Why <paramref name="key"/> cannot be an app's variable, or null when it can.</summary>
    public static string? Validate(string key) =>
        !Pattern().IsMatch(key) ? $"'{key}' is not a variable name: letters, digits and '_', not starting with a digit"
        : key == "PORT" ? "PORT is set by the platform; use 'port:' to choose the port the app listens on"
        : null;

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*\\z")]
    private static partial Regex Pattern();
}
