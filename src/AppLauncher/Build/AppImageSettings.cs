using System.Text.Json;
using AppLauncher.Core.Apps;

namespace AppLauncher.Build;

/// <summary>Bakes an app config's settings into its image: <c>env:</c> as ENV in the final stage, the port as a label.</summary>
internal static class AppImageSettings
{
    /// <summary>Label holding the port the app listens on inside its container.</summary>
    public const string PortLabel = "launcher.port";

    /// <summary>Appends <c>ENV</c> lines for the config's <c>env:</c> to the last stage of <paramref name="dockerfile"/>.</summary>
    public static string Append(string dockerfile, AppConfig? config)
    {
        if (config is null || config.Env.Count == 0)
        {
            return dockerfile;
        }

        // ENV "KEY"="value" with JSON string escaping keeps quotes, spaces and $ literal.
        var lines = config.Env.OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => $"ENV {e.Key}={JsonSerializer.Serialize(e.Value).Replace("$", "\\$", StringComparison.Ordinal)}");
        return dockerfile.TrimEnd('\n') + "\n# env: from the app's launcher.yaml\n" + string.Join("\n", lines) + "\n";
    }

    /// <summary>Appends one <c>LABEL</c> instruction holding every label (JSON-quoted) to <paramref name="dockerfile"/>.</summary>
    public static string AppendLabels(string dockerfile, IReadOnlyDictionary<string, string> labels) =>
        dockerfile.TrimEnd('\n') + "\nLABEL " + string.Join(" ", labels.Select(l => $"{JsonSerializer.Serialize(l.Key)}={JsonSerializer.Serialize(l.Value)}")) + "\n";
}
