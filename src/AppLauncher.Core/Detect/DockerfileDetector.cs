namespace AppLauncher.Core.Detect;

/// <summary>A project with its own Dockerfile is built from it; this always wins over the language buildpacks.</summary>
public sealed class DockerfileDetector(string path = DockerfileDetector.FileName) : IBuildpackDetector
{
    public const string FileName = "Dockerfile";

    public string Name => "dockerfile";

    public string LooksFor => "Dockerfile (dockerfile)";

    public DetectResult Detect(ISourceTree tree)
    {
        var text = tree.ReadText(path);
        if (text is null)
        {
            return DetectResult.Fail($"no {path}");
        }

        if (ManifestSizes.Check(tree, path) is { } tooBig)
        {
            return tooBig;
        }

        if (!text.Split('\n').Any(l => l.TrimStart().StartsWith("FROM ", StringComparison.OrdinalIgnoreCase)))
        {
            return DetectResult.Error($"{path} has no FROM instruction: start it with 'FROM <image>' naming one of the platform's stacks or another local image.");
        }

        var facts = new Dictionary<string, string>(StringComparer.Ordinal) { ["dockerfile"] = path };
        var start = Procfile.WebCommand(tree);
        return DetectResult.Pass(
            new Detection(Name, [path], facts, start),
            path == FileName
                ? "dockerfile: a Dockerfile at the build root is used as is, ahead of any buildpack"
                : $"dockerfile: {path}, named by build.dockerfile in launcher.yaml, is used as is");
    }
}
