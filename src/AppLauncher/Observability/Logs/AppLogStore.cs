using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using AppLauncher.Core.Config;
using AppLauncher.Core.Manifests;

namespace AppLauncher.Observability.Logs;

/// <summary>
/// The apps' logs in the data directory: per app, numbered segment files of one JSON line each
/// (<c>logs/&lt;app&gt;/00000001.ndjson</c>), the newest appended to, a new one begun when it reaches an eighth of the
/// app's size limit, and the oldest removed while the app holds more than the limit or they are older than the age limit.
/// Per app, which container is which instance (<c>web.1</c>) and the time of its last line kept are in
/// <c>cursors.json</c>, so a restarted server follows each container on from where it stopped.
/// </summary>
public sealed class AppLogStore : IDisposable
{
    private const string SegmentPattern = "*.ndjson";
    private const string CursorsFile = "cursors.json";
    private const int LiveBuffer = 8192;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly string _root;
    private readonly long _maxBytes;
    private readonly long _segmentBytes;
    private readonly TimeSpan _maxAge;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, AppLog> _apps = new(StringComparer.Ordinal);

    public AppLogStore(string root, LogsConfig config, TimeProvider time)
    {
        _root = root;
        _maxBytes = ResourceQuantity.TryParse(config.MaxSizePerApp) is { } size ? (long)size : 50L * 1024 * 1024;
        _segmentBytes = Math.Max(4096, _maxBytes / 8);
        _maxAge = TimeSpan.FromDays(config.MaxAgeDays);
        _time = time;
    }

    /// <summary>Bytes the app's log takes on disk now.</summary>
    public long SizeOf(string app)
    {
        var log = Get(app);
        lock (log)
        {
            return log.Segments.Sum(s => s.Size);
        }
    }

    /// <summary>
    /// Starts collecting a container's output: the instance name it has (kept from before, or the lowest free number of
    /// its process type: <c>web.1</c>) and the time of the last line kept of it (null: none yet, read it all).
    /// </summary>
    public (string Instance, DateTimeOffset? Since) Attach(string app, string container, string process)
    {
        var log = Get(app);
        lock (log)
        {
            var id = Short(container);
            log.Live.Add(id);
            if (log.Cursors.TryGetValue(id, out var cursor))
            {
                return (cursor.Instance, cursor.Last);
            }

            var used = log.Cursors.Where(c => log.Live.Contains(c.Key)).Select(c => c.Value.Instance).ToHashSet(StringComparer.Ordinal);
            var number = 1;
            while (used.Contains($"{process}.{number}"))
            {
                number++;
            }

            log.Cursors[id] = new Cursor($"{process}.{number}", null);
            log.CursorsChanged = true;
            return ($"{process}.{number}", null);
        }
    }

    /// <summary>The container's output ended (it stopped or was removed): its number is free for the next one.</summary>
    public void Detach(string app, string container)
    {
        var log = Get(app);
        lock (log)
        {
            log.Live.Remove(Short(container));
        }
    }

    /// <summary>Appends lines (of one container, when <paramref name="container"/> is set: its cursor moves to the last one).</summary>
    public void Append(string app, IReadOnlyList<LogEntry> entries, string? container = null)
    {
        if (entries.Count == 0)
        {
            return;
        }

        var bytes = new MemoryStream();
        foreach (var entry in entries)
        {
            JsonSerializer.Serialize(bytes, entry, Json);
            bytes.WriteByte((byte)'\n');
        }

        var log = Get(app);
        lock (log)
        {
            var current = Writable(log);
            current.Write(bytes.GetBuffer(), 0, (int)bytes.Length);
            current.Flush();
            log.Segments[^1] = log.Segments[^1] with { Size = log.Segments[^1].Size + bytes.Length };
            if (container is not null && log.Cursors.TryGetValue(Short(container), out var cursor))
            {
                log.Cursors[Short(container)] = cursor with { Last = entries[^1].Time };
                log.CursorsChanged = true;
            }

            foreach (var subscriber in log.Subscribers)
            {
                foreach (var entry in entries)
                {
                    subscriber.Writer.TryWrite(entry);
                }
            }
        }
    }

    /// <summary>The app's log as it is now, and (with <paramref name="follow"/>) every line appended from now on.</summary>
    public LogSnapshot Open(string app, bool follow)
    {
        var log = Get(app);
        lock (log)
        {
            var segments = log.Segments.Select(s => (Path.Combine(log.Directory, Name(s.Number)), s.Size, s.WrittenUtc)).ToList();
            if (!follow)
            {
                return new LogSnapshot(segments, null, () => { });
            }

            var channel = Channel.CreateBounded<LogEntry>(new BoundedChannelOptions(LiveBuffer) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
            log.Subscribers.Add(channel);
            return new LogSnapshot(segments, channel.Reader, () =>
            {
                lock (log)
                {
                    log.Subscribers.Remove(channel);
                }

                channel.Writer.TryComplete();
            });
        }
    }

    /// <summary>The last <paramref name="tail"/> lines of the snapshot that match, oldest first.</summary>
    public static IReadOnlyList<LogEntry> Read(LogSnapshot snapshot, LogFilter filter, int tail)
    {
        var found = new List<List<LogEntry>>();
        var count = 0;
        for (var i = snapshot.Segments.Count - 1; i >= 0 && count < tail; i--)
        {
            var (path, length, written) = snapshot.Segments[i];
            if (filter.Since is { } since && written < since.UtcDateTime)
            {
                break; // this segment and every older one end before the wanted time
            }

            var lines = ReadSegment(path, length).Where(filter.Matches).ToList();
            found.Add(lines);
            count += lines.Count;
        }

        found.Reverse();
        var all = found.SelectMany(l => l).ToList();
        return all.Count > tail ? all[^tail..] : all;
    }

    /// <summary>Removes what is older than the age limit, in every app's log.</summary>
    public void Trim()
    {
        if (!Directory.Exists(_root))
        {
            return;
        }

        foreach (var directory in Directory.EnumerateDirectories(_root))
        {
            var log = Get(Path.GetFileName(directory));
            lock (log)
            {
                var oldest = _time.GetUtcNow().UtcDateTime - _maxAge;
                while (log.Segments.Count > 0 && log.Segments[0].WrittenUtc < oldest)
                {
                    if (log.Segments.Count == 1)
                    {
                        log.Writer?.Dispose();
                        log.Writer = null;
                    }

                    File.Delete(Path.Combine(log.Directory, Name(log.Segments[0].Number)));
                    log.Segments.RemoveAt(0);
                }
            }
        }
    }

    /// <summary>Writes the cursors that moved since the last time (a restart repeats at most the lines after it).</summary>
    public void SaveCursors()
    {
        List<AppLog> apps;
        lock (_apps)
        {
            apps = [.. _apps.Values];
        }

        foreach (var log in apps)
        {
            string? text = null;
            lock (log)
            {
                if (log.CursorsChanged)
                {
                    // Containers unseen for longer than the age limit are forgotten.
                    var oldest = _time.GetUtcNow() - _maxAge;
                    foreach (var stale in log.Cursors.Where(c => !log.Live.Contains(c.Key) && c.Value.Last is { } last && last < oldest).Select(c => c.Key).ToList())
                    {
                        log.Cursors.Remove(stale);
                    }

                    text = JsonSerializer.Serialize(log.Cursors, Json);
                    log.CursorsChanged = false;
                }
            }

            if (text is not null)
            {
                Directory.CreateDirectory(log.Directory);
                var temp = Path.Combine(log.Directory, CursorsFile + ".tmp");
                File.WriteAllText(temp, text);
                File.Move(temp, Path.Combine(log.Directory, CursorsFile), overwrite: true);
            }
        }
    }

    /// <summary>Removes everything kept of a deleted app.</summary>
    public void Delete(string app)
    {
        var log = Get(app);
        lock (log)
        {
            log.Writer?.Dispose();
            log.Writer = null;
            log.Segments.Clear();
            log.Cursors.Clear();
            if (Directory.Exists(log.Directory))
            {
                // Build logs too (BuildLogs keeps them in builds/ beside the segments).
                Directory.Delete(log.Directory, recursive: true);
            }
        }
    }

    public void Dispose()
    {
        SaveCursors();
        lock (_apps)
        {
            foreach (var log in _apps.Values)
            {
                lock (log)
                {
                    log.Writer?.Dispose();
                    log.Writer = null;
                }
            }
        }
    }

    private FileStream Writable(AppLog log)
    {
        if (log.Writer is not null && log.Segments[^1].Size < _segmentBytes)
        {
            log.Segments[^1] = log.Segments[^1] with { WrittenUtc = _time.GetUtcNow().UtcDateTime };
            return log.Writer;
        }

        log.Writer?.Dispose();
        var number = log.Segments.Count == 0 ? 1 : log.Segments[^1].Number + (log.Segments[^1].Size >= _segmentBytes ? 1 : 0);
        if (log.Segments.Count == 0 || log.Segments[^1].Number != number)
        {
            log.Segments.Add(new Segment(number, 0, _time.GetUtcNow().UtcDateTime));
        }

        // The size limit counts the new segment as full already: at most the limit is on disk when it fills.
        while (log.Segments.Count > 1 && log.Segments.Sum(s => s.Size) + _segmentBytes - log.Segments[^1].Size > _maxBytes)
        {
            File.Delete(Path.Combine(log.Directory, Name(log.Segments[0].Number)));
            log.Segments.RemoveAt(0);
        }

        Directory.CreateDirectory(log.Directory);
        log.Writer = new FileStream(Path.Combine(log.Directory, Name(number)), FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 1);
        return log.Writer;
    }

    private AppLog Get(string app)
    {
        lock (_apps)
        {
            if (!_apps.TryGetValue(app, out var log))
            {
                log = _apps[app] = Load(Path.Combine(_root, app));
            }

            return log;
        }
    }

    private static AppLog Load(string directory)
    {
        var log = new AppLog(directory);
        if (!Directory.Exists(directory))
        {
            return log;
        }

        foreach (var file in Directory.EnumerateFiles(directory, SegmentPattern))
        {
            if (int.TryParse(Path.GetFileNameWithoutExtension(file), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                var info = new FileInfo(file);
                log.Segments.Add(new Segment(number, info.Length, info.LastWriteTimeUtc));
            }
        }

        log.Segments.Sort((a, b) => a.Number.CompareTo(b.Number));
        var cursors = Path.Combine(directory, CursorsFile);
        if (File.Exists(cursors))
        {
            try
            {
                foreach (var (id, cursor) in JsonSerializer.Deserialize<Dictionary<string, Cursor>>(File.ReadAllText(cursors), Json) ?? [])
                {
                    log.Cursors[id] = cursor;
                }
            }
            catch (JsonException)
            {
                // A torn file: the newest segment below still gives each container's last line.
            }
        }

        // The segments written since the cursors were last saved hold lines they do not know of yet: those move the
        // cursors on, and name the containers first seen after the save (without them, a container that started in
        // the seconds before a restart would be read again from its first line, and its instance number given away).
        var saved = File.Exists(cursors) ? File.GetLastWriteTimeUtc(cursors) - TimeSpan.FromSeconds(1) : DateTime.MinValue;
        var newer = log.Segments.Where(s => s.WrittenUtc >= saved).ToList();
        if (newer.Count == 0 && log.Segments.Count > 0)
        {
            newer.Add(log.Segments[^1]);
        }

        foreach (var segment in newer)
        {
            foreach (var entry in ReadSegment(Path.Combine(directory, Name(segment.Number)), segment.Size))
            {
                if (entry.Container is not { } id)
                {
                    continue;
                }

                if (!log.Cursors.TryGetValue(id, out var cursor))
                {
                    log.Cursors[id] = new Cursor(entry.Instance, entry.Time);
                    log.CursorsChanged = true;
                }
                else if (cursor.Last is null || cursor.Last < entry.Time)
                {
                    log.Cursors[id] = cursor with { Last = entry.Time };
                }
            }
        }

        return log;
    }

    private static IEnumerable<LogEntry> ReadSegment(string path, long length)
    {
        byte[] bytes;
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            bytes = new byte[Math.Min(length, file.Length)];
            file.ReadExactly(bytes);
        }
        catch (FileNotFoundException)
        {
            yield break; // removed by retention meanwhile
        }

        var start = 0;
        while (start < bytes.Length)
        {
            var end = Array.IndexOf(bytes, (byte)'\n', start);
            if (end < 0)
            {
                break; // a line being written, or torn by a crash
            }

            LogEntry? entry = null;
            try
            {
                entry = JsonSerializer.Deserialize<LogEntry>(bytes.AsSpan(start, end - start), Json);
            }
            catch (JsonException)
            {
            }

            if (entry is not null)
            {
                yield return entry;
            }

            start = end + 1;
        }
    }

    private static string Name(int number) => $"{number.ToString("D8", CultureInfo.InvariantCulture)}.ndjson";

    private static string Short(string container) => container[..Math.Min(12, container.Length)];

    private sealed record Segment(int Number, long Size, DateTime WrittenUtc);

    private sealed record Cursor(string Instance, DateTimeOffset? Last);

    private sealed class AppLog(string directory)
    {
        public string Directory { get; } = directory;
        public List<Segment> Segments { get; } = [];
        public Dictionary<string, Cursor> Cursors { get; } = new(StringComparer.Ordinal);
        public HashSet<string> Live { get; } = new(StringComparer.Ordinal);
        public List<Channel<LogEntry>> Subscribers { get; } = [];
        public FileStream? Writer { get; set; }
        public bool CursorsChanged { get; set; }
    }
}
