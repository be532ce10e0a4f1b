using AppLauncher.Core.Detect.DotNet;
using AppLauncher.Core.Detect.Go;
using AppLauncher.Core.Detect.Java;
using AppLauncher.Core.Detect.Python;
using AppLauncher.Core.Detect.Static;

namespace AppLauncher.Core.Detect;

/// <summary>Runs buildpack detectors in order; the first that passes (or errors) decides.</summary>
public sealed class Detector(IReadOnlyList<IBuildpackDetector> detectors)
{
    /// <summary>
    /// The default order: the project's own Dockerfile first; then the compiled languages, whose manifests
    /// (go.mod, *.csproj, pom.xml) are never mere tooling; then python before node, because a package.json next
    /// to Python code is usually front-end tooling while a requirements.txt in a Node app is rare; static sites last,
    /// since most apps also hold an index.html somewhere.
    /// </summary>
    public static Detector Default { get; } = new(
    [
        new DockerfileDetector(),
        new GoDetector(),
        new DotNetDetector(),
        new JavaDetector(),
        new PythonDetector(),
        new NodeDetector(),
        new StaticDetector(),
    ]);

    /// <summary>The buildpacks by name, for an app config's <c>build.buildpack</c> override.</summary>
    public IReadOnlyList<IBuildpackDetector> Detectors => detectors;

    public DetectResult Detect(ISourceTree tree)
    {
        if (ManifestSizes.Check(tree) is { } tooBig)
        {
            return tooBig;
        }

        foreach (var detector in detectors)
        {
            var result = detector.Detect(tree);
            if (result.Outcome != DetectOutcome.Fail)
            {
                return result;
            }
        }

        return DetectResult.Fail(NothingMatched(detectors));
    }

    /// <summary>Runs only the named buildpack (an override); its Fail says what it looked for.</summary>
    public DetectResult DetectWith(string buildpack, ISourceTree tree)
    {
        var detector = detectors.FirstOrDefault(d => d.Name == buildpack);
        if (detector is null)
        {
            return DetectResult.Error($"unknown buildpack '{buildpack}'; expected one of: {string.Join(", ", detectors.Select(d => d.Name))}");
        }

        if (ManifestSizes.Check(tree) is { } tooBig)
        {
            return tooBig;
        }

        var result = detector.Detect(tree);
        return result.Outcome == DetectOutcome.Fail
            ? DetectResult.Error($"the {buildpack} buildpack was asked for (build.buildpack in launcher.yaml), but it found {result.Message}: it looks for {detector.LooksFor}.")
            : result;
    }

    private static string NothingMatched(IReadOnlyList<IBuildpackDetector> detectors) =>
        $"no buildpack matched: looked for {string.Join("; ", detectors.Select(d => d.LooksFor))}. " +
        "Add the file your app's kind needs (e.g. a package.json with a start script, a requirements.txt and an app.py), " +
        "a Dockerfile, or a launcher.yaml with 'kind: App' naming 'build: buildpack:' and 'start:' (and 'build: root:' when the app lives in a subfolder).";
}
