using System.Text.Json;
using AppLauncher.Core.Parsing;

namespace AppLauncher.Core.Detect.DotNet;

/// <summary>
/// Detects .NET projects (*.csproj, *.sln) and picks the one to publish: the web project
/// (<c>Microsoft.NET.Sdk.Web</c>), else the one executable; test projects never count.
/// </summary>
public sealed class DotNetDetector : IBuildpackDetector
{
    /// <summary>Files next to the projects that restore reads; copied before the restore so its layer stays cached.</summary>
    private static readonly string[] RestoreInputs =
        ["global.json", "nuget.config", "NuGet.config", "NuGet.Config", "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props"];

    public string Name => "dotnet";

    public string LooksFor => "*.csproj or *.sln (dotnet)";

    public DetectResult Detect(ISourceTree tree)
    {
        var files = tree.Files.Where(f => !f.Split('/').Any(p => p is "bin" or "obj")).ToList();
        var projectFiles = files.Where(f => f.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).ToList();
        var solution = files.FirstOrDefault(f => !f.Contains('/', StringComparison.Ordinal) && f.EndsWith(".sln", StringComparison.OrdinalIgnoreCase));
        if (projectFiles.Count == 0)
        {
            return solution is null
                ? DetectResult.Fail("no *.csproj or *.sln")
                : DetectResult.Error($"{solution} found, but no *.csproj in the repository: add the projects it lists.");
        }

        var projects = new List<DotNetProject>();
        foreach (var path in projectFiles)
        {
            var (project, error) = DotNetProject.Parse(path, tree.ReadText(path)!);
            if (error is not null)
            {
                return DetectResult.Error(error + " Fix the project file and push again.");
            }

            projects.Add(project!);
        }

        // MSBuild reads these in the build; refused here like a project file, with the line.
        foreach (var props in files.Where(f => f.EndsWith(".props", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".targets", StringComparison.OrdinalIgnoreCase)))
        {
            if (XmlLimits.Load(props, tree.ReadText(props)!) is { Error: { } error })
            {
                return DetectResult.Error(error + " Fix the file and push again.");
            }
        }

        var web = projects.Where(p => p.IsWeb && !p.IsTest).ToList();
        var candidates = web.Count > 0 ? web : projects.Where(p => p.IsExecutable).ToList();
        if (candidates.Count == 0)
        {
            return DetectResult.Error(
                $"found {string.Join(", ", projectFiles)}, but none is an app: make the web project <Project Sdk=\"Microsoft.NET.Sdk.Web\"> " +
                "(or <OutputType>Exe</OutputType>); test projects are never deployed.");
        }

        if (candidates.Count > 1)
        {
            return DetectResult.Error(
                $"found {candidates.Count} {(web.Count > 0 ? "web projects" : "executable projects")}: {string.Join(", ", candidates.Select(c => c.Path))}. " +
                "Say which one to deploy: in launcher.yaml, 'build: root: <its folder>' (or remove the other from the build root).");
        }

        var app = candidates[0];
        var decidedBy = new List<string>();
        if (solution is not null)
        {
            decidedBy.Add(solution);
        }

        decidedBy.Add(app.Path);
        var restoreInputs = files.Where(f => RestoreInputs.Contains(f.Split('/')[^1]) || f.EndsWith("/packages.lock.json", StringComparison.Ordinal)
            || f == "packages.lock.json").ToList();
        var copies = projectFiles.Concat(restoreInputs).Distinct().Order(StringComparer.Ordinal)
            .Select(f => $"COPY [\"{f}\", \"{Directory(f)}\"]");
        var facts = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["project"] = app.Path,
            ["assembly"] = app.AssemblyName,
            ["copyProjects"] = string.Join("\n", copies),
            ["start"] = "",
        };
        if (app.TargetFramework is { } framework)
        {
            facts["targetFramework"] = framework;
        }

        if (tree.ReadText("global.json") is { } global && SdkVersion(global) is { } sdk)
        {
            facts["sdkVersion"] = sdk;
            decidedBy.Add("global.json");
        }

        var start = Procfile.WebCommand(tree) ?? $"dotnet {app.AssemblyName}.dll";
        facts["start"] = start;
        var skipped = projects.Where(p => p != app).Select(p => p.IsTest ? $"{p.Path} (test)" : p.Path).ToList();
        facts["notDeployed"] = string.Join(", ", skipped);
        var message = $"dotnet: {app.Path}" + (skipped.Count > 0 ? $"; not deployed: {string.Join(", ", skipped)}" : "");
        return DetectResult.Pass(new Detection(Name, decidedBy, facts, start), message);
    }

    private static string Directory(string path) => path.Contains('/', StringComparison.Ordinal) ? path[..(path.LastIndexOf('/') + 1)] : "./";

    /// <summary>global.json's sdk.version; a global.json that cannot be read is left to the SDK to report.</summary>
    private static string? SdkVersion(string globalJson)
    {
        var (doc, _) = JsonLimits.Parse("global.json", globalJson, allowComments: true);
        using (doc)
        {
            return doc?.RootElement is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty("sdk", out var sdk)
                && sdk.ValueKind == JsonValueKind.Object && sdk.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.String
                ? v.GetString()
                : null;
        }
    }
}
