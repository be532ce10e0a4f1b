namespace AppLauncher.Core.Detect;

/// <summary>Runs buildpack detectors in order; the first that passes (or errors) decides.</summary>
public sealed class Detector(IReadOnlyList<IBuildpackDetector> detectors)
{
    /// <summary>The default order: the project's own Dockerfile first, then the language buildpacks.</summary>
    public static Detector Default { get; } = new([new DockerfileDetector(), new NodeDetector()]);

    public DetectResult Detect(ISourceTree tree)
    {
        foreach (var detector in detectors)
        {
            var result = detector.Detect(tree);
            if (result.Outcome != DetectOutcome.Fail)
            {
                return result;
            }
        }

        var lookedFor = string.Join(", ", detectors.Select(d => d.LooksFor));
        return DetectResult.Fail(
            $"no buildpack matched: looked for {lookedFor}. Add the file your app's kind needs " +
            "(e.g. a package.json with a start script), or a Dockerfile at the root of the repository.");
    }
}
