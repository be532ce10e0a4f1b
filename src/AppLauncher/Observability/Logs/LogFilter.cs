namespace AppLauncher.Observability.Logs;

/// <summary>Which lines a reader wants: from a time on, of one revision, of one process type or instance (<c>web</c>, <c>web.1</c>).</summary>
public sealed record LogFilter(DateTimeOffset? Since = null, string? Revision = null, string? Process = null)
{
    public bool Matches(LogEntry entry) =>
        (Since is not { } since || entry.Time >= since)
        && (Revision is null || entry.Revision == Revision)
        && (Process is null || entry.Process == Process || entry.Instance == Process);
}
