using AppLauncher.Core.Parsing;

namespace AppLauncher.Core.Build;

/// <summary>
/// A build context's <c>.dockerignore</c>, read the way Docker reads it (moby/patternmatcher): one pattern a line,
/// <c>#</c> comments, Go <c>filepath.Match</c> syntax plus <c>**</c> for any number of folders, <c>!</c> exceptions, the last
/// matching line wins, and a pattern that matches a folder excludes everything in it.
/// </summary>
public sealed class DockerIgnore
{
    public const string FileName = ".dockerignore";

    /// <summary>Most patterns a file may hold; real ones hold a few dozen.</summary>
    public const int MaxPatterns = 1_000;

    /// <summary>Longest pattern, in characters: longer than any path git or Docker handle.</summary>
    public const int MaxPatternLength = 4096;

    private static readonly DockerIgnore Empty = new([]);

    private readonly IReadOnlyList<(DockerIgnorePattern Pattern, bool Exception)> _patterns;

    private DockerIgnore(IReadOnlyList<(DockerIgnorePattern Pattern, bool Exception)> patterns) => _patterns = patterns;

    /// <summary>The patterns as cleaned (exceptions with their <c>!</c>), in file order.</summary>
    public IReadOnlyList<string> Patterns { get; private init; } = [];

    /// <summary>The file's patterns, or an error naming the file, the line and the rule it breaks.</summary>
    public static (DockerIgnore? Ignore, string? Error) Parse(string? text)
    {
        if (text is null)
        {
            return (Empty, null);
        }

        if (ParseLimits.CheckSize(FileName, text) is { } tooBig)
        {
            return (null, tooBig);
        }

        var patterns = new List<(DockerIgnorePattern, bool)>();
        var cleaned = new List<string>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            // As Docker does: a comment is a '#' at the very start of the line, before any trimming.
            if (lines[i].StartsWith('#'))
            {
                continue;
            }

            var pattern = lines[i].Trim();
            if (pattern.Length == 0)
            {
                continue;
            }

            var exception = pattern[0] == '!';
            if (exception)
            {
                pattern = pattern[1..].Trim();
            }

            pattern = Clean(pattern);
            if (pattern.Length == 0)
            {
                continue;
            }

            if (patterns.Count == MaxPatterns)
            {
                return (null, $"{FileName} holds more than {MaxPatterns:N0} patterns: ignore whole folders (e.g. 'node_modules') instead of single files");
            }

            if (pattern.Length > MaxPatternLength)
            {
                return (null, $"{FileName}:{i + 1}: the pattern is {pattern.Length:N0} characters long; the limit is {MaxPatternLength:N0}: shorten it");
            }

            if (DockerIgnorePattern.Compile(pattern) is not { } compiled)
            {
                return (null, $"{FileName}:{i + 1}: '{lines[i].Trim()}' is not a valid pattern (an unclosed '[' or a '\\' at the end?): fix or remove the line");
            }

            patterns.Add((compiled, exception));
            cleaned.Add(exception ? "!" + pattern : pattern);
        }

        return (new DockerIgnore(patterns) { Patterns = cleaned }, null);
    }

    /// <summary>Most matching steps one build context may cost (patterns' lengths times paths' lengths, summed).</summary>
    public const long MaxSteps = 100_000_000;

    /// <summary>
    /// Null when applying the patterns to these paths stays within <see cref="MaxSteps"/>; else the message. Checked
    /// before anything is matched, so a hostile file is refused at once rather than after minutes.
    /// </summary>
    public string? CheckCost(IEnumerable<string> paths)
    {
        long steps = 0;
        foreach (var path in paths)
        {
            foreach (var (pattern, _) in _patterns)
            {
                steps += pattern.Cost(path.Length);
            }

            if (steps > MaxSteps)
            {
                return $"{FileName}: its {_patterns.Count:N0} patterns would take too long to apply to this push's files: " +
                    "use fewer and shorter patterns with fewer wildcards (ignore whole folders, e.g. 'node_modules')";
            }
        }

        return null;
    }

    /// <summary>True when the file (a '/'-separated path relative to the context) is left out of the context.</summary>
    public bool Excludes(string path)
    {
        if (_patterns.Count == 0)
        {
            return false;
        }

        var excluded = false;
        foreach (var (pattern, exception) in _patterns)
        {
            // A pattern that cannot change the answer is not evaluated (an exception while included, an exclusion while excluded).
            if (exception != excluded)
            {
                continue;
            }

            if (pattern.Matches(path))
            {
                excluded = !exception;
            }
        }

        return excluded;
    }

    /// <summary>Go's <c>filepath.Clean</c> on a '/' path, then relative to the context root (a leading '/' dropped).</summary>
    private static string Clean(string pattern)
    {
        var parts = new List<string>();
        foreach (var part in pattern.Split('/'))
        {
            if (part is "" or ".")
            {
                continue;
            }

            if (part == ".." && parts.Count > 0 && parts[^1] != "..")
            {
                parts.RemoveAt(parts.Count - 1);
                continue;
            }

            parts.Add(part);
        }

        // A pattern above the context ("../x") can match nothing in it.
        return parts.Count > 0 && parts[0] == ".." ? "" : string.Join('/', parts);
    }
}
