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

    /// <summary>The <c>web:</c> command of the tree's Procfile, or null.</summary>
    public static string? WebCommand(ISourceTree tree) =>
        tree.ReadText(FileName) is { } text && Parse(text).TryGetValue("web", out var web) ? web : null;
}
