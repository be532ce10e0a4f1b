using System.Text.RegularExpressions;

namespace AppLauncher.Core.Processes;

/// <summary>
/// The process types of an app, from its Procfile: every entry is one, except <c>release</c> (a command run once per
/// deploy). <c>web</c> is routed and autoscaled; the others ("workers") run without routes, with a count of their own.
/// </summary>
public static partial class ProcessTypes
{
    public const string Web = "web";
    public const string Release = "release";

    /// <summary>The most instances one non-web process type may ask for; the platform cap still applies on top.</summary>
    public const int MaxInstances = 50;

    /// <summary>Instances of a non-web type when neither <c>launcher scale</c> nor launcher.yaml set a count.</summary>
    public const int DefaultInstances = 1;

    /// <summary>A type becomes part of container and Kubernetes object names: a short DNS label.</summary>
    public const int MaxNameLength = 20;

    /// <summary>The non-web process types of a parsed Procfile (type → command), in name order.</summary>
    public static IReadOnlyDictionary<string, string> Workers(IReadOnlyDictionary<string, string> procfile) =>
        new SortedDictionary<string, string>(
            procfile.Where(p => p.Key != Web && p.Key != Release).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal), StringComparer.Ordinal);

    /// <summary>Null when <paramref name="type"/> can name a process type, else what is wrong and how to fix it.</summary>
    public static string? ValidateName(string type) =>
        type.Length <= MaxNameLength && NamePattern().IsMatch(type)
            ? null
            : $"process type '{type}' must be at most {MaxNameLength} lowercase letters, digits or '-', starting with a letter (e.g. worker): it names the type's containers; rename it in the Procfile";

    [GeneratedRegex("^[a-z]([a-z0-9-]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
