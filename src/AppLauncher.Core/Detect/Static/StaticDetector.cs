namespace AppLauncher.Core.Detect.Static;

/// <summary>
/// Detects static sites: a <c>Staticfile</c> (Cloud Foundry's: <c>root: dist</c>, <c>pushstate: enabled</c>), or an
/// <c>index.html</c> at the root or in public/, dist/ or build/.
/// </summary>
public sealed class StaticDetector : IBuildpackDetector
{
    public const string Staticfile = "Staticfile";

    private static readonly string[] Roots = [".", "public", "dist", "build"];

    public string Name => "static";

    public string LooksFor => "index.html at the root or in public/, dist/, build/, or a Staticfile (static)";

    public DetectResult Detect(ISourceTree tree)
    {
        var decidedBy = new List<string>();
        string? root = null;
        var spa = false;
        if (tree.ReadText(Staticfile) is { } staticfile)
        {
            decidedBy.Add(Staticfile);
            var settings = Procfile.Parse(staticfile);
            root = settings.TryGetValue("root", out var r) ? r.Trim('/', ' ') : null;
            spa = settings.TryGetValue("pushstate", out var p) && p is "enabled" or "true";
            if (root is { Length: > 0 } && !tree.Files.Any(f => f.StartsWith(root + "/", StringComparison.Ordinal)))
            {
                return DetectResult.Error($"Staticfile says 'root: {root}', but there is no {root}/ folder with files: fix the root or add the folder.");
            }
        }

        if (root is null or "")
        {
            root = Roots.FirstOrDefault(r => tree.Exists(Index(r)));
            if (root is null)
            {
                if (decidedBy.Count == 0)
                {
                    return DetectResult.Fail("no index.html at the root or in public/, dist/, build/, and no Staticfile");
                }

                root = ".";
            }
            else
            {
                decidedBy.Add(Index(root));
            }
        }

        var facts = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["root"] = root,
            ["spa"] = spa ? "true" : "false",
            // Served from the repository's root: the build's own files must not be served with the site.
            ["clean"] = root == "." ? "rm -rf /site/.launcher /site/Staticfile /site/launcher.yaml /site/Procfile" : "",
            ["start"] = "static-serve",
        };
        return DetectResult.Pass(new Detection(Name, decidedBy, facts, "static-serve"), $"static: {string.Join(", ", decidedBy)}");
    }

    private static string Index(string root) => root == "." ? "index.html" : root + "/index.html";
}
