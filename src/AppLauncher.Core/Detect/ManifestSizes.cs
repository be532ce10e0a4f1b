using AppLauncher.Core.Parsing;

namespace AppLauncher.Core.Detect;

/// <summary>
/// The text files detection reads line by line, held to <see cref="ParseLimits.MaxFileBytes"/> before any detector splits
/// them. JSON and XML manifests are checked by <see cref="JsonLimits"/> and <see cref="XmlLimits"/> as they are parsed.
/// </summary>
public static class ManifestSizes
{
    /// <summary>Every line-oriented file a detector reads, at the build root.</summary>
    public static readonly IReadOnlyList<string> Files =
    [
        Procfile.FileName, Static.StaticDetector.Staticfile, DockerfileDetector.FileName, "go.mod", "requirements.txt", "pyproject.toml", "Pipfile",
        ".python-version", "runtime.txt", ".nvmrc", "build.gradle", "build.gradle.kts",
    ];

    /// <summary>The error for the first of <see cref="Files"/> (and <paramref name="more"/>) over the limit, or null.</summary>
    public static DetectResult? Check(ISourceTree tree, params string[] more)
    {
        foreach (var file in Files.Concat(more))
        {
            if (tree.ReadText(file) is { } text && ParseLimits.CheckSize(file, text) is { } tooBig)
            {
                return DetectResult.Error(tooBig + ", and push again.");
            }
        }

        return null;
    }
}
