using System.Text.Json.Serialization;

namespace AppLauncher.Observability.Logs;

/// <summary>
/// One line of an app's log, as stored (one JSON object per line) and as <c>/logs?format=json</c> streams it.
/// <see cref="Source"/> is <c>app</c> for the app's own output, <c>router</c> for the proxy's access log; <see cref="Instance"/>
/// is <c>web.1</c>, <c>worker.2</c>, <c>release.1</c>, <c>run.1</c>; <see cref="Stream"/> is <c>stdout</c> or <c>stderr</c>.
/// </summary>
public sealed record LogEntry(
    [property: JsonPropertyName("time")] DateTimeOffset Time,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("revision")] string Revision,
    [property: JsonPropertyName("process")] string Process,
    [property: JsonPropertyName("instance")] string Instance,
    [property: JsonPropertyName("stream")] string Stream,
    [property: JsonPropertyName("line")] string Line)
{
    public const string AppSource = "app";
    public const string RouterSource = "router";

    /// <summary>The short id of the container that wrote it, when one did.</summary>
    [JsonPropertyName("container")]
    public string? Container { get; init; }

    /// <summary>Heroku's shape: <c>2026-12-02T05:00:00Z app[web.1] v12: text</c>.</summary>
    public string ToText() =>
        $"{Time.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'} {Source}[{Instance}] {RevisionLabel(Revision)}: {Line}";

    /// <summary><c>v12</c> for <c>hello-00012</c>; the name itself when it has no number.</summary>
    public static string RevisionLabel(string revision)
    {
        var dash = revision.LastIndexOf('-');
        return dash >= 0 && int.TryParse(revision.AsSpan(dash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            ? $"v{number}"
            : revision.Length == 0 ? "-" : revision;
    }
}
