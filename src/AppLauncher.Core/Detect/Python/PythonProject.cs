using System.Text.RegularExpressions;

namespace AppLauncher.Core.Detect.Python;

/// <summary>What a Python project declares: its dependency file, its dependencies (as pip requirements) and its Python version.</summary>
public sealed partial record PythonProject(string ManifestFile, IReadOnlyList<string> Requirements, string? PythonVersion, string? VersionFile)
{
    /// <summary>Files that make a project a Python project, in the order they are read.</summary>
    public static readonly string[] Manifests = ["requirements.txt", "pyproject.toml", "Pipfile"];

    /// <summary>The project's manifest and dependencies, or null when none of <see cref="Manifests"/> exists.</summary>
    public static PythonProject? Read(ISourceTree tree)
    {
        foreach (var manifest in Manifests)
        {
            if (tree.ReadText(manifest) is not { } text)
            {
                continue;
            }

            var requirements = manifest switch
            {
                "requirements.txt" => RequirementsTxt(text),
                "pyproject.toml" => PyProject(text),
                _ => Pipfile(text),
            };
            var (version, versionFile) = Version(tree);
            return new PythonProject(manifest, requirements, version, versionFile);
        }

        return null;
    }

    /// <summary>The distribution name of a requirement: <c>Flask[async]>=3.0</c> → <c>flask</c>.</summary>
    public static string NameOf(string requirement) =>
        RequirementName().Match(requirement) is { Success: true } m ? m.Value.ToLowerInvariant().Replace('_', '-') : "";

    public bool Has(string distribution) => Requirements.Any(r => NameOf(r) == distribution);

    private static List<string> RequirementsTxt(string text) =>
        text.Split('\n')
            .Select(l => l.Split('#')[0].Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('-'))
            .ToList();

    private static List<string> PyProject(string text)
    {
        var project = TomlSections.Table(text, "project");
        if (project.TryGetValue("dependencies", out var dependencies))
        {
            return [.. TomlSections.Strings(dependencies)];
        }

        // Poetry: [tool.poetry.dependencies] name = "^1.2"; caret ranges are not pip syntax, so names only.
        return TomlSections.Table(text, "tool.poetry.dependencies").Keys
            .Where(k => !k.Equals("python", StringComparison.OrdinalIgnoreCase))
            .ToList();
    }

    private static List<string> Pipfile(string text) =>
        TomlSections.Table(text, "packages")
            .Select(kv => TomlSections.String(kv.Value) is { } spec && spec != "*" && spec.Length > 0 && "<>=!~".Contains(spec[0], StringComparison.Ordinal)
                ? kv.Key + spec
                : kv.Key)
            .ToList();

    private static (string? Version, string? File) Version(ISourceTree tree)
    {
        if (tree.ReadText(".python-version") is { } pv && pv.Trim() is { Length: > 0 } v)
        {
            return (v.Split('\n')[0].Trim(), ".python-version");
        }

        if (tree.ReadText("runtime.txt") is { } rt && rt.Trim() is { Length: > 0 } r)
        {
            return (r.Replace("python-", "", StringComparison.Ordinal), "runtime.txt");
        }

        if (tree.ReadText("pyproject.toml") is { } py
            && TomlSections.Table(py, "project").TryGetValue("requires-python", out var requires)
            && TomlSections.String(requires) is { } spec)
        {
            return (spec, "pyproject.toml");
        }

        return (null, null);
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*")]
    private static partial Regex RequirementName();
}
