namespace AppLauncher.Core.Detect;

/// <summary>Parses a Heroku-style Procfile: <c>process: command</c> lines.</summary>
public static class Procfile
{
    public const string FileName = "Procfile";

    /// <summary>Process type → command. Blank lines and <c>#</c> comments are skipped.</summary>
    public static IReadOnlyDictionary<string, string> Parse(string text)
    {
        var processes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var command = line[(colon + 1)..].Trim();
            if (command.Length > 0)
            {
                processes[line[..colon].Trim()] = command;
            }
        }

        return processes;
    }

    /// <summary>
    /// The process types of a worker-only app: its Procfile names types other than <c>release</c> and no <c>web:</c>.
    /// A detector that finds no start command passes such a project with no web process (no port, route or URL) rather
    /// than failing it. Null when the tree has no such Procfile.
    /// </summary>
    public static IReadOnlyList<string>? TypesWithoutWeb(ISourceTree tree)
    {
        if (tree.ReadText(FileName) is not { } text)
        {
            return null;
        }

        var types = Parse(text);
        var others = types.Keys.Where(t => t != "release").Order(StringComparer.Ordinal).ToList();
        return types.ContainsKey("web") || others.Count == 0 ? null : others;
    }

    /// <summary>The detection of a worker-only project (see <see cref="TypesWithoutWeb"/>): what decided it, and no start command.</summary>
    public static DetectResult PassWithoutWeb(string buildpack, List<string> decidedBy, IReadOnlyDictionary<string, string> facts, IReadOnlyList<string> types)
    {
        decidedBy.Add(FileName + " without web:");
        return DetectResult.Pass(
            new Detection(buildpack, decidedBy.Distinct().ToList(), facts, null) { NoWeb = true },
            $"{buildpack}: {string.Join(", ", decidedBy.Distinct())}; no web process (the Procfile runs {string.Join(", ", types)}): no port, route or URL");
    }

    /// <summary>The <c>web:</c> command of the tree's Procfile, or null.</summary>
    public static string? WebCommand(ISourceTree tree) =>
        tree.ReadText(FileName) is { } text && Parse(text).TryGetValue("web", out var web) ? web : null;
}
