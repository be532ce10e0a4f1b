using System.Text.RegularExpressions;
using AppLauncher.Core.Config;
using AppLauncher.Core.Detect;

namespace AppLauncher.Core.Apps;

/// <summary>Finds and reads an app's <c>launcher.yaml</c> (<c>kind: App</c>) at the root of its repository.</summary>
public static partial class AppConfigFile
{
    public const string FileName = "launcher.yaml";

    /// <summary>
    /// The app config of <paramref name="repository"/>: none (no file, or a <c>launcher.yaml</c> of another kind, such as a
    /// platform's), the parsed config, or the errors that stop it being used (file, line, field).
    /// </summary>
    public static ConfigResult<AppConfig>? Read(ISourceTree repository)
    {
        return repository.ReadText(FileName) is { } yaml ? Parse(yaml) : null;
    }

    /// <summary>The app config in <paramref name="yaml"/> (a launcher.yaml's text), as <see cref="Read"/> gives it.</summary>
    public static ConfigResult<AppConfig>? Parse(string yaml)
    {
        var kind = KindLine().Match(yaml);
        if (!kind.Success || kind.Groups[1].Value.Trim('"', '\'') != AppConfig.AppKind)
        {
            return null;
        }

        return YamlConfigReader<AppConfig>.Read(yaml, FileName, new AppConfigValidator());
    }

    [GeneratedRegex(@"^kind:\s*(\S+)", RegexOptions.Multiline)]
    private static partial Regex KindLine();
}
