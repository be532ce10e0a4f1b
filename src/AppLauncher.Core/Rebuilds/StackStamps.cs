namespace AppLauncher.Core.Rebuilds;

/// <summary>
/// The <c>launcher.stacks</c> label on an app image: the stacks its build used, as <c>name=id</c> pairs separated by
/// spaces. The label is written last in the rendered Dockerfile, so an app's own Dockerfile cannot set it; it is still
/// read with limits, since an image is something a pusher made.
/// </summary>
public static class StackStamps
{
    /// <summary>The label's name.</summary>
    public const string Label = "launcher.stacks";

    /// <summary>More stamps than a build uses (one build and one run stack) are refused whole.</summary>
    public const int MaxStamps = 8;

    private const int MaxLength = 2048;

    public static string Format(IEnumerable<StackStamp> stamps) =>
        string.Join(" ", stamps.DistinctBy(s => s.Name).OrderBy(s => s.Name, StringComparer.Ordinal).Select(s => $"{s.Name}={s.Id}"));

    /// <summary>The stamps in <paramref name="label"/>; empty for a missing, oversized or malformed label (nothing to compare with).</summary>
    public static IReadOnlyList<StackStamp> Parse(string? label)
    {
        if (string.IsNullOrWhiteSpace(label) || label.Length > MaxLength)
        {
            return [];
        }

        var stamps = new List<StackStamp>();
        foreach (var pair in label.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || stamps.Count == MaxStamps || !IsName(pair[..equals]) || !IsId(pair[(equals + 1)..]))
            {
                return [];
            }

            stamps.Add(new StackStamp(pair[..equals], pair[(equals + 1)..]));
        }

        return stamps;
    }

    /// <summary>A stack name as images and references spell it: letters, digits and <c>._-/:@</c>, at most 255 characters.</summary>
    public static bool IsName(string name) =>
        name.Length is > 0 and <= 255 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '/' or ':' or '@');

    private static bool IsId(string id) =>
        id.StartsWith("sha256:", StringComparison.Ordinal) && id.Length == 71 && id.AsSpan(7).ContainsAnyExcept("0123456789abcdef") is false;

    /// <summary>"node-run" or "node-build, node-run": the stacks of a reason, in order.</summary>
    public static string Names(IEnumerable<string> names)
    {
        var sorted = names.Distinct().Order(StringComparer.Ordinal).ToList();
        return (sorted.Count == 1 ? "stack " : "stacks ") + string.Join(", ", sorted);
    }
}
