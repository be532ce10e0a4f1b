using System.Text.Json;
using AppLauncher.Core.Parsing;

namespace AppLauncher.Core.Detect;

/// <summary>Detects Node.js projects (package.json, or a lone server.js) and computes install and start facts.</summary>
public sealed class NodeDetector : IBuildpackDetector
{
    private static readonly string[] EntryFiles = ["server.js", "index.js"];

    /// <summary>The scripts npm, yarn and pnpm run on their own during an install.</summary>
    private static readonly string[] LifecycleScripts = ["preinstall", "install", "postinstall", "prepare"];

    public string Name => "node";

    public string LooksFor => "package.json, server.js or a Procfile 'web: node …' (node)";

    public DetectResult Detect(ISourceTree tree)
    {
        var text = tree.ReadText("package.json");
        if (text is null)
        {
            return Standalone(tree);
        }

        var (doc, error) = JsonLimits.Parse("package.json", text);
        if (doc is null)
        {
            return DetectResult.Error(error!);
        }

        JsonElement package;
        using (doc)
        {
            package = doc.RootElement.Clone();
        }

        if (package.ValueKind != JsonValueKind.Object)
        {
            return DetectResult.Error("package.json must hold a JSON object, e.g. { \"name\": \"app\", \"scripts\": { \"start\": \"node server.js\" } }");
        }

        var decidedBy = new List<string> { "package.json" };
        var facts = new Dictionary<string, string>(StringComparer.Ordinal);
        var hasBuild = StringProperty(package, "scripts", "build") is not null;

        var manager = NodePackageManager.Detect(tree);
        if (manager.Lockfile is not null)
        {
            decidedBy.Add(manager.Lockfile);
        }

        // Install scripts (postinstall, prepare…) run during the install and often compile the sources: those apps get
        // their whole tree before installing, the others only the manifests, so the install stays a cached layer.
        var lifecycle = LifecycleScripts.FirstOrDefault(s => StringProperty(package, "scripts", s) is not null);
        facts["packageManager"] = manager.Name;
        facts["manifests"] = lifecycle is not null ? "." : manager.Lockfile is null ? "package.json" : $"package.json {manager.Lockfile}";
        facts["install"] = manager.InstallCommand;

        // Dev dependencies are needed to build, not to run: always installed, pruned once the build script (if any) ran.
        facts["build"] = hasBuild ? $"{manager.Name} run build && {manager.PruneCommand}" : manager.PruneCommand;
        if (lifecycle is not null)
        {
            decidedBy.Add($"package.json scripts.{lifecycle}");
        }

        var engine = StringProperty(package, "engines", "node");
        if (engine is not null)
        {
            facts["nodeVersion"] = engine;
        }
        else if (tree.ReadText(".nvmrc") is { } nvmrc && nvmrc.Trim() is { Length: > 0 } version)
        {
            facts["nodeVersion"] = version;
            decidedBy.Add(".nvmrc");
        }

        // The documented rule (NodeVersions.Select) refuses, before anything is built, a range no offered Node.js satisfies:
        // the build would otherwise end in yarn's "incompatible engine" or a runtime crash on an API the stack lacks.
        if (NodeVersions.Refusal(engine, tree.ReadText(".nvmrc")) is { } refusal)
        {
            return DetectResult.Error(refusal);
        }

        var (start, source) = Start(tree, package);
        if (start is null && Procfile.TypesWithoutWeb(tree) is { } types)
        {
            return Procfile.PassWithoutWeb(Name, decidedBy, facts, types);
        }

        if (start is null)
        {
            return DetectResult.Error(
                "package.json found, but no start command: add \"scripts\": { \"start\": \"node server.js\" } or \"main\" to package.json, " +
                "a server.js or index.js file, or a Procfile line 'web: node server.js'.");
        }

        decidedBy.Add(source);
        facts["start"] = start;
        return DetectResult.Pass(
            new Detection(Name, decidedBy, facts, start),
            $"node: {string.Join(", ", decidedBy.Distinct())}");
    }

    /// <summary>
    /// A lone server.js (or a Procfile 'web: node …') with no package.json: Node with nothing to install. Only server.js
    /// counts: a lone index.js is as often a front-end file as a server.
    /// </summary>
    private DetectResult Standalone(ISourceTree tree)
    {
        var web = Procfile.WebCommand(tree);
        var (start, source) = web?.Split(' ', 2)[0] == "node" ? (web, Procfile.FileName + " web:")
            : tree.Exists(EntryFiles[0]) ? ($"node {EntryFiles[0]}", EntryFiles[0])
            : (null, "");
        if (start is null)
        {
            return DetectResult.Fail("no package.json, server.js or Procfile 'web: node …'");
        }

        var facts = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["packageManager"] = "npm", ["manifests"] = "", ["install"] = "", ["build"] = "", ["start"] = start,
        };
        return DetectResult.Pass(new Detection(Name, [source], facts, start), $"node: {source} (no package.json: nothing to install)");
    }

    private static (string? Start, string Source) Start(ISourceTree tree, JsonElement package)
    {
        if (Procfile.WebCommand(tree) is { } web)
        {
            return (web, Procfile.FileName + " web:");
        }

        if (StringProperty(package, "scripts", "start") is { } script)
        {
            return (script, "package.json scripts.start");
        }

        if (package.TryGetProperty("main", out var main) && main.ValueKind == JsonValueKind.String && main.GetString() is { Length: > 0 } entry)
        {
            return ($"node {entry}", "package.json main");
        }

        return EntryFiles.FirstOrDefault(tree.Exists) is { } file ? ($"node {file}", file) : (null, "");
    }

    private static string? StringProperty(JsonElement element, string outer, string inner) =>
        element.TryGetProperty(outer, out var o) && o.ValueKind == JsonValueKind.Object
        && o.TryGetProperty(inner, out var i) && i.ValueKind == JsonValueKind.String
            ? i.GetString()
            : null;
}
