using System.Text.RegularExpressions;

namespace AppLauncher.Core.Detect.Go;

/// <summary>
/// Detects Go modules (go.mod) and finds the main package: the one a Procfile's <c>web: &lt;name&gt;</c> names, at the root,
/// directly in <c>cmd/</c>, the only one under <c>cmd/&lt;name&gt;</c>, or the one named after the module or <c>web</c>.
/// </summary>
public sealed partial class GoDetector : IBuildpackDetector
{
    public string Name => "go";

    public string LooksFor => "go.mod (go)";

    public DetectResult Detect(ISourceTree tree)
    {
        if (tree.ReadText("go.mod") is not { } text)
        {
            return DetectResult.Fail("no go.mod");
        }

        var module = GoModule.Parse(text);
        if (module.Path.Length == 0)
        {
            return DetectResult.Error("go.mod has no 'module' line: start it with 'module example.com/app' (go mod init example.com/app).");
        }

        var decidedBy = new List<string> { "go.mod" };
        var mains = MainPackages(tree);
        var web = Procfile.WebCommand(tree);
        // Heroku's convention: 'web: <name>' runs the binary the build put on PATH under that name.
        var named = web?.Split(' ', 2)[0] is { Length: > 0 } first && !SafeName().IsMatch(first) ? first : null;
        string package;
        if (named is not null && mains.FirstOrDefault(m => m == "cmd/" + named) is { } procfileNamed)
        {
            package = procfileNamed;
        }
        else if (named is not null && named == module.Name && mains.FirstOrDefault(m => m is "." or "cmd") is { } moduleMain)
        {
            package = moduleMain;
        }
        else if (mains.Contains("."))
        {
            package = ".";
        }
        else if (mains.Count == 1)
        {
            package = mains[0];
        }
        else if (mains.FirstOrDefault(m => m == "cmd/" + module.Name) is { } moduleNamed)
        {
            package = moduleNamed;
        }
        else if (mains.FirstOrDefault(m => m == "cmd/web") is { } webNamed)
        {
            package = webNamed;
        }
        else if (mains.Count == 0)
        {
            return DetectResult.Error(
                "go.mod found, but no main package: add a main.go with 'package main' at the root, in cmd/ or under cmd/<name>/.");
        }
        else
        {
            return DetectResult.Error(
                $"go.mod found with several main packages ({string.Join(", ", mains)}) and none is named after the module ({module.Name}) or 'web': " +
                $"name the one to deploy in a Procfile ('web: {mains[0].Split('/')[^1]}'), rename it to cmd/{module.Name} or cmd/web, or keep only one main package.");
        }

        decidedBy.Add(package == "." ? "*.go (package main)" : package + "/ (package main)");
        // The only main package takes the name the Procfile runs; otherwise a binary is named after its folder (the module's
        // name for the root and cmd/ itself), as Heroku names them.
        var binary = named is not null && mains.Count == 1 ? named : package is "." or "cmd" ? module.Name : package.Split('/')[^1];
        binary = SafeName().Replace(binary, "-");
        var facts = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["module"] = module.Path,
            ["package"] = "./" + (package == "." ? "" : package),
            ["binary"] = binary,
            ["manifests"] = tree.Exists("go.sum") ? "go.mod go.sum" : "go.mod",
            // Without requirements there is nothing to download (and no proxy needed); vendor/ makes the module self-contained.
            ["download"] = module.HasRequirements && !tree.Exists("vendor/modules.txt") ? "go mod download" : "",
            ["buildFlags"] = tree.Exists("vendor/modules.txt") ? "-mod=vendor" : "",
        };
        if (module.GoVersion is { } version)
        {
            facts["goVersion"] = version;
        }

        var start = web ?? $"/app/{binary}";
        if (web is not null)
        {
            decidedBy.Add(Procfile.FileName + " web:");
        }

        facts["start"] = start;
        return DetectResult.Pass(new Detection(Name, decidedBy, facts, start), $"go: {string.Join(", ", decidedBy)}");
    }

    /// <summary>Directories (relative, "." for the root) holding a non-test .go file in <c>package main</c>: the root, <c>cmd</c> and <c>cmd/*</c>.</summary>
    private static List<string> MainPackages(ISourceTree tree) =>
        tree.Files
            .Where(f => f.EndsWith(".go", StringComparison.Ordinal) && !f.EndsWith("_test.go", StringComparison.Ordinal))
            .Where(f => !f.Contains('/', StringComparison.Ordinal) || (f.StartsWith("cmd/", StringComparison.Ordinal) && f.Count(c => c == '/') <= 2))
            .Where(f => PackageMain().IsMatch(tree.ReadText(f) ?? ""))
            .Select(f => f.Contains('/', StringComparison.Ordinal) ? f[..f.LastIndexOf('/')] : ".")
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

    // Blanks, not \s: \s also matches newlines, and "^\s*" tried at every line start of a file of blank lines is quadratic
    // (1 MiB of newlines took minutes).
    [GeneratedRegex(@"^[ \t]*package[ \t]+main\b", RegexOptions.Multiline)]
    private static partial Regex PackageMain();

    [GeneratedRegex("[^A-Za-z0-9._-]")]
    private static partial Regex SafeName();
}
