using System.Threading.Channels;

namespace AppLauncher.Observability.Logs;

/// <summary>
/// An app's log at one instant: its segment files and how much of each was written then; with <see cref="Live"/>,
/// every line appended after that instant too, so a reader of history then of new lines misses none and repeats none.
/// Disposing it stops the live lines.
/// </summary>
public sealed class LogSnapshot(IReadOnlyList<(string Path, long Length, DateTime WrittenUtc)> segments, ChannelReader<LogEntry>? live, Action unsubscribe) : IDisposable
{
    public IReadOnlyList<(string Path, long Length, DateTime WrittenUtc)> Segments { get; } = segments;

    /// <summary>Lines appended after the snapshot; null when it was taken without following.</summary>
    public ChannelReader<LogEntry>? Live { get; } = live;

    public void Dispose() => unsubscribe();
}
