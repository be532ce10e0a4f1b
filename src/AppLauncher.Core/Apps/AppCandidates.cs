using AppLauncher.Core.Detect;

namespace AppLauncher.Core.Apps;

/// <summary>
/// The apps in a repository's subfolders, for a root where nothing was detected: a monorepo is refused with the folders
/// that would build and the <c>build.root</c> line to add, rather than built from whichever file turns up first.
/// </summary>
public static class AppCandidates
{
    /// <summary>Most folders tried; a repository with more apps is listed by its first ones.</summary>
    public const int MaxFolders = 30;

    /// <summary>Folders holding dependencies or tooling, never an app of their own.</summary>
    private static readonly string[] Skipped = ["node_modules", "vendor", "testdata", "fixtures", "__pycache__"];

    /// <summary>Folders one or two levels down that detection passes on, as (folder, buildpack); an app's own subfolders are not listed again.</summary>
    public static IReadOnlyList<(string Folder, string Buildpack)> Find(ISourceTree repository, Detector detector)
    {
        var folders = repository.Files
            .SelectMany(Folders)
            .Where(f => !f.Split('/').Any(p => p.StartsWith('.') || Skipped.Contains(p, StringComparer.Ordinal)))
            .Distinct()
            .OrderBy(f => f.Count(c => c == '/'))
            .ThenBy(f => f, StringComparer.Ordinal)
            .Take(MaxFolders)
            .ToList();

        var found = new List<(string, string)>();
        foreach (var folder in folders)
        {
            if (found.Any(c => folder.StartsWith(c.Item1 + "/", StringComparison.Ordinal)))
            {
                continue;
            }

            if (detector.Detect(new SubtreeSourceTree(repository, folder)) is { Outcome: DetectOutcome.Pass, Detection: { } detection })
            {
                found.Add((folder, detection.Buildpack));
            }
        }

        return [.. found.OrderBy(c => c.Item1, StringComparer.Ordinal)];
    }

    /// <summary>The refusal: the candidates and the launcher.yaml that picks one.</summary>
    public static string Refusal(IReadOnlyList<(string Folder, string Buildpack)> candidates) =>
        $"nothing to build at the repository root, but {(candidates.Count == 1 ? "a subfolder holds an app" : $"{candidates.Count} subfolders hold apps")}: " +
        string.Join(", ", candidates.Select(c => $"{c.Folder}/ ({c.Buildpack})")) +
        $". Say which one this app is with a {AppConfigFile.FileName} at the root holding the two lines 'kind: App' and " +
        $"'build: {{root: {candidates[0].Folder}}}' (build.root), and push each other folder to an app of its own the same way.";

    /// <summary>The folders (one and two levels down) a file is in: <c>apps/web/src/a.js</c> → apps, apps/web.</summary>
    private static IEnumerable<string> Folders(string file)
    {
        var first = file.IndexOf('/', StringComparison.Ordinal);
        if (first <= 0)
        {
            yield break;
        }

        yield return file[..first];
        var second = file.IndexOf('/', first + 1);
        if (second > 0)
        {
            yield return file[..second];
        }
    }
}
