using System.Globalization;

namespace AppLauncher.Core.Autoscaling.Simulation;

/// <summary>One request of a trace: when it arrives (seconds from the trace's first) and how long an instance works on it.</summary>
public readonly record struct TraceRequest(double ArrivalSeconds, double ServiceSeconds);

/// <summary>
/// Reads a request-arrival trace in the Azure LLM inference format (<c>TIMESTAMP,ContextTokens,GeneratedTokens</c>,
/// as in <c>../shared/traces/</c>): the service time of a request is its generated tokens times a documented factor.
/// Bounded like every file we read: a line or a trace too long, a bad timestamp or count is an error naming the line.
/// </summary>
public static class ArrivalTrace
{
    public const int MaxRequests = 5_000_000;
    public const int MaxLineLength = 1024;

    private static readonly string[] TimestampFormats = ["yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss"];

    /// <summary>Parses the trace; arrivals are sorted (traces are logs, and logs are not always in order).</summary>
    public static IReadOnlyList<TraceRequest> Parse(TextReader reader, double secondsPerGeneratedToken, out string? error)
    {
        error = null;
        var header = reader.ReadLine();
        if (header is null)
        {
            error = "the trace is empty; expected a header line TIMESTAMP,ContextTokens,GeneratedTokens";
            return [];
        }

        var columns = header.Trim().TrimStart('\uFEFF').Split(',');
        var time = Array.IndexOf(columns, "TIMESTAMP");
        var generated = Array.IndexOf(columns, "GeneratedTokens");
        if (time < 0 || generated < 0)
        {
            error = $"line 1: the header '{Shorten(header)}' lacks TIMESTAMP or GeneratedTokens";
            return [];
        }

        var arrivals = new List<(DateTime At, double Service)>();
        var number = 1;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Length > MaxLineLength)
            {
                error = $"line {number}: {line.Length} characters, more than {MaxLineLength}";
                return [];
            }

            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split(',');
            if (fields.Length != columns.Length)
            {
                error = $"line {number}: {fields.Length} fields, the header has {columns.Length}";
                return [];
            }

            if (!DateTime.TryParseExact(fields[time], TimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
            {
                error = $"line {number}: '{Shorten(fields[time])}' is not a timestamp like 2023-11-16 18:17:03.9799600";
                return [];
            }

            if (!int.TryParse(fields[generated], NumberStyles.None, CultureInfo.InvariantCulture, out var tokens) || tokens > 1_000_000)
            {
                error = $"line {number}: GeneratedTokens '{Shorten(fields[generated])}' is not a count between 0 and 1000000";
                return [];
            }

            if (arrivals.Count == MaxRequests)
            {
                error = $"more than {MaxRequests} requests; cut the trace";
                return [];
            }

            arrivals.Add((at, tokens * secondsPerGeneratedToken));
        }

        if (arrivals.Count == 0)
        {
            error = "the trace has a header but no requests";
            return [];
        }

        arrivals.Sort((a, b) => a.At.CompareTo(b.At));
        var first = arrivals[0].At;
        return [.. arrivals.Select(a => new TraceRequest((a.At - first).TotalSeconds, a.Service))];
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
