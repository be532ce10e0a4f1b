using System.Globalization;
using System.Text.Json;
using AppLauncher.Core.Config;

namespace AppLauncher.Observability.Logs;

/// <summary>What a build log says of its build besides its lines: who pushed, and the revision it made (none when it failed).</summary>
public sealed record BuildLogInfo(string? Actor, string? Revision, bool Cut = false);

/// <summary>
/// The build logs, one file per build (<c>logs/&lt;app&gt;/builds/&lt;id&gt;.log</c>, its lines as the pusher saw them,
/// masked, with the time) and its <see cref="BuildLogInfo"/> beside it; the latest <see cref="LogsConfig.BuildsKept"/>
/// per app stay.
/// </summary>
public sealed class BuildLogs(string root, LogsConfig config, TimeProvider time)
{
    /// <summary>A build log larger than this stops there, marked.</summary>
    public const long MaxBytes = 8L * 1024 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Starts the log of build <paramref name="id"/> of <paramref name="app"/>; disposing it ends it.</summary>
    public BuildLogWriter Open(string app, long id, string? actor)
    {
        var directory = Directory.CreateDirectory(Path.Combine(root, app, "builds")).FullName;
        Trim(directory, keep: Math.Max(0, config.BuildsKept - 1));
        return new BuildLogWriter(Path.Combine(directory, Name(id)), config.MaxLineBytes, time, info =>
            File.WriteAllText(Path.Combine(directory, Info(id)), JsonSerializer.Serialize(info with { Actor = actor }, Json)));
    }

    /// <summary>The log of a build, or null when none is kept (older than the kept ones, or from before logs were kept).</summary>
    public string? Read(string app, long id)
    {
        var file = Path.Combine(root, app, "builds", Name(id));
        return File.Exists(file) ? File.ReadAllText(file) : null;
    }

    /// <summary>Whether the build's log is kept.</summary>
    public bool Has(string app, long id) => File.Exists(Path.Combine(root, app, "builds", Name(id)));

    /// <summary>Who pushed a build and what it made, when its log is kept.</summary>
    public BuildLogInfo? Describe(string app, long id)
    {
        var file = Path.Combine(root, app, "builds", Info(id));
        try
        {
            return File.Exists(file) ? JsonSerializer.Deserialize<BuildLogInfo>(File.ReadAllText(file), Json) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void Trim(string directory, int keep)
    {
        var ids = Directory.EnumerateFiles(directory, "*.log")
            .Select(f => long.TryParse(Path.GetFileNameWithoutExtension(f), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1)
            .Where(id => id >= 0)
            .OrderByDescending(id => id)
            .ToList();
        foreach (var id in ids.Skip(keep))
        {
            File.Delete(Path.Combine(directory, Name(id)));
            File.Delete(Path.Combine(directory, Info(id)));
        }
    }

    private static string Name(long id) => $"{id.ToString(CultureInfo.InvariantCulture)}.log";

    private static string Info(long id) => $"{id.ToString(CultureInfo.InvariantCulture)}.json";
}
