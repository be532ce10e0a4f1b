using AppLauncher.Core.Detect;

namespace AppLauncher.Core.Apps;

/// <summary>
/// Plans an app's build from its repository: reads its <c>launcher.yaml</c> (<c>kind: App</c>), moves to the build
/// root, honours the buildpack, Dockerfile and start overrides, then runs detection. Pure: the same for a push and for
/// <c>launcher detect</c>.
/// </summary>
public static class AppPlanner
{
    private const string ConfigStart = "launcher.yaml start";

    public static AppPlan Plan(ISourceTree repository, Detector detector)
    {
        var read = AppConfigFile.Read(repository);
        if (read is { IsValid: false })
        {
            return new AppPlan(
                DetectResult.Error($"{AppConfigFile.FileName} is not valid: {string.Join("; ", read.Errors)}"), null, null);
        }

        var config = read?.Value;
        var root = config?.Build.Root?.Trim('/');
        var tree = repository;
        if (root is { Length: > 0 })
        {
            tree = new SubtreeSourceTree(repository, root);
            if (!tree.Files.Any())
            {
                var folders = repository.Files.Where(f => f.Contains('/', StringComparison.Ordinal))
                    .Select(f => f[..f.IndexOf('/', StringComparison.Ordinal)]).Where(f => f != ".launcher").Distinct().Order(StringComparer.Ordinal).Take(10);
                return new AppPlan(
                    DetectResult.Error($"{AppConfigFile.FileName}: build.root '{root}' holds no files; folders at the root: {string.Join(", ", folders)}. Fix build.root."),
                    config, root);
            }
        }

        if (config?.Start is { } start)
        {
            // The config's start command beats a Procfile's web: line, which every detector already ranks first.
            var procfile = tree.ReadText(Procfile.FileName);
            tree = new OverlaySourceTree(tree, new Dictionary<string, string> { [Procfile.FileName] = $"{procfile}\nweb: {start}\n" });
        }

        var result = config switch
        {
            { Build.Dockerfile: { } dockerfile } => Required(new DockerfileDetector(dockerfile).Detect(tree), $"build.dockerfile names {dockerfile}"),
            { Build.Buildpack: { } buildpack } => detector.DetectWith(buildpack, tree),
            _ => detector.Detect(tree),
        };

        if (result.Outcome == DetectOutcome.Fail && root is not { Length: > 0 } && AppCandidates.Find(repository, detector) is { Count: > 0 } candidates)
        {
            result = DetectResult.Error(AppCandidates.Refusal(candidates));
        }

        if (result.Detection is { } detection && config is not null)
        {
            var decidedBy = new List<string> { AppConfigFile.FileName };
            decidedBy.AddRange(detection.DecidedBy.Select(d => config.Start is not null && d == Procfile.FileName + " web:" ? ConfigStart : d));
            var message = config.Start is null ? result.Message : result.Message.Replace(Procfile.FileName + " web:", ConfigStart, StringComparison.Ordinal);
            result = result with { Detection = detection with { DecidedBy = decidedBy.Distinct().ToList() }, Message = message };
        }

        return new AppPlan(result, config, root is { Length: > 0 } ? root : null);
    }

    private static DetectResult Required(DetectResult result, string what) =>
        result.Outcome == DetectOutcome.Fail
            ? DetectResult.Error($"{AppConfigFile.FileName}: {what}, which does not exist in the build root; fix the path or remove build.dockerfile.")
            : result;
}
