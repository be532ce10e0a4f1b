using System.Globalization;

namespace AppLauncher.Core.Processes;

/// <summary>
/// <c>launcher scale app worker=3 clock=1</c>: a count for each named non-web process type. Parsed against the types
/// the app's current revision has, so a typo or a count out of range is refused with the valid types named.
/// </summary>
public static class ScaleRequest
{
    /// <summary>The counts asked for, or the first problem found (nothing is applied then).</summary>
    public static (IReadOnlyDictionary<string, int>? Counts, string? Error) Parse(IReadOnlyDictionary<string, int> asked, IReadOnlyCollection<string> workers)
    {
        var valid = workers.Count == 0
            ? "the app has no process types besides web (add a line such as 'worker: node worker.js' to its Procfile and push)"
            : $"its process types are: {string.Join(", ", workers.Order(StringComparer.Ordinal))}";
        if (asked.Count == 0)
        {
            return (null, $"name a process type and a count, e.g. worker=2; {valid}");
        }

        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var (type, count) in asked)
        {
            if (type == ProcessTypes.Web)
            {
                return (null, $"web is autoscaled: set its bounds with 'launcher autoscale <app> --min N --max N' instead; {valid}");
            }

            if (!workers.Contains(type))
            {
                return (null, $"the app has no process type '{type}': {valid}");
            }

            if (count is < 0 or > ProcessTypes.MaxInstances)
            {
                return (null, $"{type}={count.ToString(CultureInfo.InvariantCulture)}: a count must be between 0 and {ProcessTypes.MaxInstances}; {valid}");
            }

            counts[type] = count;
        }

        return (counts, null);
    }

    /// <summary>Reads <c>type=count</c> arguments (the CLI's form); the error names the argument and the expected form.</summary>
    public static (IReadOnlyDictionary<string, int>? Counts, string? Error) ReadArguments(IEnumerable<string> arguments)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var argument in arguments)
        {
            var equals = argument.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || !int.TryParse(argument[(equals + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var count))
            {
                return (null, $"'{argument}' is not TYPE=COUNT, e.g. worker=2");
            }

            counts[argument[..equals]] = count;
        }

        return (counts, null);
    }

    /// <summary>How many instances of <paramref name="type"/> should run: the count set last, else the default.</summary>
    public static int Desired(string type, IReadOnlyDictionary<string, int>? formation) =>
        formation is not null && formation.TryGetValue(type, out var count) ? count : ProcessTypes.DefaultInstances;
}
