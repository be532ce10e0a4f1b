using AppLauncher.Core.Parsing;
using FluentValidation;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace AppLauncher.Core.Config;

/// <summary>Reads a YAML configuration file into <typeparamref name="T"/> and validates it; errors carry file, line and field.</summary>
public static class YamlConfigReader<T>
    where T : class, new()
{
    // Nullability enforced: "build:" with nothing after it would otherwise set Build to null, and every rule that reads
    // build.root then throws (a truncated launcher.yaml failed the push with a NullReferenceException).
    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .WithEnforceNullability()
        .Build();

    /// <summary>Parses <paramref name="yaml"/> (the contents of <paramref name="file"/>) and validates it with <paramref name="validator"/>.</summary>
    public static ConfigResult<T> Read(string yaml, string file, IValidator<T> validator)
    {
        T? value;
        YamlLocator locator;
        try
        {
            // Limits first: the locator and the deserializer recurse per level and expand aliases.
            if (YamlLimits.Check(yaml) is { } broken)
            {
                return new ConfigResult<T>(null, [new ConfigError(file, broken.Line, "", $"{file} {broken.Message}")]);
            }

            locator = YamlLocator.Parse(yaml);
            value = Deserializer.Deserialize<T?>(yaml) ?? new T();
        }
        catch (YamlException e)
        {
            return new ConfigResult<T>(null, [FromYamlException(e, file)]);
        }

        var result = validator.Validate(value);
        var errors = result.Errors
            .Select(f =>
            {
                var field = ToYamlPath(f.PropertyName);
                return new ConfigError(file, locator.LineOf(field), field, f.ErrorMessage);
            })
            .ToList();
        return new ConfigResult<T>(errors.Count == 0 ? value : null, errors);
    }

    private static ConfigError FromYamlException(YamlException e, string file)
    {
        var line = e.Start.Line > 0 ? (int?)e.Start.Line : null;
        var message = (e.InnerException?.Message ?? e.Message).Trim();

        // YamlDotNet says "Property 'x' not found on type 'AppLauncher…'": say it in the file's terms.
        const string marker = "Property '";
        var at = message.IndexOf(marker, StringComparison.Ordinal);
        if (at >= 0 && message.Contains("not found on type", StringComparison.Ordinal))
        {
            var end = message.IndexOf('\'', at + marker.Length);
            var name = message[(at + marker.Length)..end];
            return new ConfigError(file, line, name, $"unknown field '{name}'; check its spelling against the documented fields");
        }

        if (e.InnerException is FormatException or InvalidCastException or OverflowException)
        {
            return new ConfigError(file, line, "", $"value has the wrong type: {message}");
        }

        return new ConfigError(file, line, "", $"not valid YAML: {StripPosition(message)}");
    }

    private static string StripPosition(string message)
    {
        // "(Line: 3, Col: 1, Idx: 20) - (Line: 3, Col: 2, Idx: 21): While scanning…" → "While scanning…"
        var colon = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith('(') && colon > 0 ? message[(colon + 3)..] : message;
    }

    /// <summary>FluentValidation names properties in PascalCase ("Deploy.ReadyTimeoutSeconds"); the file uses camelCase.</summary>
    public static string ToYamlPath(string propertyName) =>
        string.Join('.', propertyName.Split('.').Select(p => p.Length == 0 ? p : char.ToLowerInvariant(p[0]) + p[1..]));
}
