using System.Text.RegularExpressions;
using AppLauncher.Core.Autoscaling;
using AppLauncher.Core.Detect;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace AppLauncher.Core.Manifests;

/// <summary>
/// The fields of an app's own <c>launcher.yaml</c> (<c>kind: App</c>) that shape its manifests: port, health check
/// path, env and autoscaling. Other fields are left to the app configuration's own reader and validator.
/// </summary>
public sealed partial class AppFileSettings
{
    public const string FileName = "launcher.yaml";

    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .IgnoreUnmatchedProperties()
        .Build();

    public string Kind { get; set; } = "";

    public int? Port { get; set; }

    public HealthCheckSettings HealthCheck { get; set; } = new();

    public Dictionary<string, string> Env { get; set; } = [];

    public AutoscalingPolicy? Autoscaling { get; set; }

    /// <summary>The app's settings, or null when the repository has no <c>launcher.yaml</c> of <c>kind: App</c>.</summary>
    /// <exception cref="FormatException">The file is not valid YAML or a value has the wrong type; the message names the line.</exception>
    public static AppFileSettings? Read(ISourceTree repository)
    {
        if (repository.ReadText(FileName) is not { } yaml || KindLine().Match(yaml) is not { Success: true } kind
            || kind.Groups[1].Value.Trim('"', '\'') != "App")
        {
            return null;
        }

        try
        {
            return Deserializer.Deserialize<AppFileSettings?>(yaml) ?? new AppFileSettings();
        }
        catch (YamlException e)
        {
            throw new FormatException($"{FileName}:{e.Start.Line}: {(e.InnerException?.Message ?? e.Message).Trim()}", e);
        }
    }

    [GeneratedRegex(@"^kind:\s*(\S+)", RegexOptions.Multiline)]
    private static partial Regex KindLine();

    /// <summary>The <c>healthCheck:</c> section.</summary>
    public sealed class HealthCheckSettings
    {
        public string? Path { get; set; }
    }
}
