namespace AppLauncher.Core.Detect;

/// <summary>A project with its own Dockerfile is built from it; this always wins over the language buildpacks.</summary>
public sealed class DockerfileDetector : IBuildpackDetector
{
    public const string FileName = "Dockerfile";

    public string Name => "dockerfile";

    public string LooksFor => "Dockerfile (dockerfile)";

    public DetectResult Detect(ISourceTree tree)
    {
        var text = tree.ReadText(FileName);
        if (text is null)
        {
            return DetectResult.Fail("no Dockerfile");
        }

        if (!text.Split('\n').Any(l => l.TrimStart().StartsWith("FROM ", StringComparison.OrdinalIgnoreCase)))
        {
            return DetectResult.Error("Dockerfile has no FROM instruction: start it with 'FROM <image>' naming one of the platform's stacks or another local image.");
        }

        var facts = new Dictionary<string, string>(StringComparer.Ordinal) { ["dockerfile"] = FileName };
        var start = Procfile.WebCommand(tree);
        return DetectResult.Pass(
            new Detection(Name, [FileName], facts, start),
            "dockerfile: a Dockerfile at the build root is used as is, ahead of any buildpack");
    }
}
