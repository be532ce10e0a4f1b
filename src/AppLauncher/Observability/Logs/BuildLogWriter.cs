using System.Text;

namespace AppLauncher.Observability.Logs;

/// <summary>One build's log being written: each line with its time, cut when too long; the whole log stops at <see cref="BuildLogs.MaxBytes"/>.</summary>
public sealed class BuildLogWriter : IDisposable
{
    private readonly FileStream _file;
    private readonly int _maxLineBytes;
    private readonly TimeProvider _time;
    private readonly Action<BuildLogInfo> _finish;
    private readonly Lock _lock = new();
    private string? _revision;
    private bool _cut;

    internal BuildLogWriter(string path, int maxLineBytes, TimeProvider time, Action<BuildLogInfo> finish)
    {
        _file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1);
        _maxLineBytes = maxLineBytes;
        _time = time;
        _finish = finish;
    }

    /// <summary>The revision the build made.</summary>
    public void SetRevision(string revision) => _revision = revision;

    /// <summary>Appends <paramref name="text"/> (each of its lines) after <paramref name="prefix"/> (<c>-----> </c>, the pusher's marks).</summary>
    public void Write(string prefix, string text)
    {
        var builder = new StringBuilder();
        var stamp = _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var line in text.TrimEnd('\r', '\n').Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n', '\r'))
        {
            var kept = Encoding.UTF8.GetByteCount(line) > _maxLineBytes
                ? $"{line[..Math.Min(line.Length, _maxLineBytes / 4)]}… [line cut: {Encoding.UTF8.GetByteCount(line)} bytes]"
                : line;
            builder.Append(stamp).Append(' ').Append(prefix).Append(kept).Append('\n');
        }

        var bytes = Encoding.UTF8.GetBytes(builder.ToString());
        lock (_lock)
        {
            if (_cut)
            {
                return;
            }

            if (_file.Length + bytes.Length > BuildLogs.MaxBytes)
            {
                _cut = true;
                bytes = Encoding.UTF8.GetBytes($"{stamp} … [build log cut at {BuildLogs.MaxBytes} bytes]\n");
            }

            _file.Write(bytes);
            _file.Flush();
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _file.Dispose();
        }

        _finish(new BuildLogInfo(null, _revision, _cut));
    }
}
