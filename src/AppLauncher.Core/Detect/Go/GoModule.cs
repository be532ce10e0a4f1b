namespace AppLauncher.Core.Detect.Go;

/// <summary>What go.mod declares: the module path, the <c>go</c> directive and whether it requires anything.</summary>
public sealed record GoModule(string Path, string? GoVersion, bool HasRequirements)
{
    public static GoModule Parse(string text)
    {
        string path = "", version = null!;
        var requires = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Split("//")[0].Trim();
            if (line.StartsWith("module ", StringComparison.Ordinal))
            {
                path = line[7..].Trim().Trim('"');
            }
            else if (line.StartsWith("go ", StringComparison.Ordinal))
            {
                version = line[3..].Trim();
            }
            else if (line.StartsWith("require", StringComparison.Ordinal))
            {
                requires = true;
            }
        }

        return new GoModule(path, version, requires);
    }

    /// <summary>The last element of the module path: <c>example.com/hello</c> → <c>hello</c>.</summary>
    public string Name => Path.Split('/').LastOrDefault(p => p.Length > 0 && !(p[0] == 'v' && p[1..].All(char.IsDigit))) ?? "app";
}
