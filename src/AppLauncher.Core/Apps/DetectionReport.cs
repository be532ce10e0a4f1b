using AppLauncher.Core.Detect;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AppLauncher.Core.Apps;

/// <summary>The explanation of a plan, as <c>launcher detect</c> prints it and the push output shows it.</summary>
public sealed record DetectionReport(
    string Outcome,
    string? Buildpack,
    string? BuildRoot,
    IReadOnlyList<string> DecidedBy,
    IReadOnlyDictionary<string, string> Facts,
    string? Start,
    string Message)
{
    /// <summary>The project has no web process (a Procfile of workers only): no start command, port, route or URL.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool NoWeb { get; init; }

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static DetectionReport From(AppPlan plan)
    {
        var detection = plan.Detection;
        var facts = detection?.Facts
            .Where(f => f.Key != "start")
            .OrderBy(f => f.Key, StringComparer.Ordinal)
            .ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal) ?? [];
        return new DetectionReport(
            plan.Result.Outcome.ToString().ToLowerInvariant(),
            detection?.Buildpack,
            plan.BuildRoot,
            detection?.DecidedBy.Distinct().ToList() ?? [],
            facts,
            detection?.Start,
            plan.Result.Message)
        {
            NoWeb = detection?.NoWeb ?? false,
        };
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Human-readable lines: the buildpack and why, the facts, the start command; or what was wrong.</summary>
    public IEnumerable<string> ToLines()
    {
        if (Buildpack is null)
        {
            yield return Message;
            yield break;
        }

        yield return $"buildpack: {Buildpack}" + (BuildRoot is null ? "" : $" (build root {BuildRoot}/)");
        yield return $"decided by: {string.Join(", ", DecidedBy)}";
        if (Buildpack == "dockerfile")
        {
            yield return "why: " + Message[(Message.IndexOf(": ", StringComparison.Ordinal) + 2)..];
        }

        foreach (var (key, value) in Facts.Where(f => f.Value.Length > 0))
        {
            var shown = value.Replace("\n", "; ", StringComparison.Ordinal);
            yield return $"{key}: {shown}";
        }

        if (Start is not null)
        {
            yield return $"start: {Start}";
        }
        else if (NoWeb)
        {
            yield return "start: none: no web process (the Procfile has no web: line), so no port, route or URL";
        }
    }
}
