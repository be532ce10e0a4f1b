using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AppLauncher.Store;

/// <summary>
/// The store's statement durations as the histogram <c>launcher.store.duration</c> (seconds), by operation: the
/// statement's verb and table (<c>select apps</c>, <c>insert log_lines</c>), so a slow table shows without a label per query.
/// Made from the host's <see cref="IMeterFactory"/> (the exporter only reads the host's own meters).
/// </summary>
public sealed class StoreLatency
{
    public const string MeterName = "AppLauncher.Store"; // MeterNames.Prefix + "Store": the exporter reads AppLauncher.*
    public const string Duration = "launcher.store.duration";
    private const int MaxOperations = 512;

    private static readonly double[] Buckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
    private readonly ConcurrentDictionary<string, object> _operations = new(StringComparer.Ordinal);
    private readonly Histogram<double> _duration;

    public StoreLatency(IMeterFactory meters) =>
        _duration = meters.Create(MeterName).CreateHistogram(Duration, "s", "Duration of the store's SQL statements, by verb and table",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets });

    /// <summary>Records one statement that started at <paramref name="started"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public void Record(string sql, long started)
    {
        // Statements are constants in the code; the cap keeps a generated one (the dump's per-table SELECT) from growing the cache.
        var operation = _operations.TryGetValue(sql, out var known) ? known
            : _operations.Count < MaxOperations ? _operations.GetOrAdd(sql, static s => Operation(s)) : Operation(sql);
        _duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("operation", operation));
    }

    /// <summary>"select apps" from "SELECT name FROM apps WHERE …"; the verb alone when no table follows.</summary>
    internal static string Operation(string sql)
    {
        var words = sql.Split((char[])[' ', '\n', '\r', '\t', '(', ','], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return "other";
        }

        var verb = words[0].ToLowerInvariant();
        var after = verb switch { "select" or "delete" => "FROM", "insert" => "INTO", "update" => "UPDATE", _ => null };
        var at = after is null ? -1 : Array.FindIndex(words, w => w.Equals(after, StringComparison.OrdinalIgnoreCase));
        return at >= 0 && at + 1 < words.Length ? $"{verb} {words[at + 1].Trim('"').ToLowerInvariant()}" : verb;
    }
}
