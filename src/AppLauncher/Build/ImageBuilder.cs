using System.Globalization;
using AppLauncher.Core.Build;
using AppLauncher.Core.Config;
using AppLauncher.Core.Detect;
using AppLauncher.Deploy;
using AppLauncher.Docker;

namespace AppLauncher.Build;

/// <summary>Detects what a pushed commit is, renders its Dockerfile and builds the image on the Docker Engine.</summary>
internal sealed class ImageBuilder(IDockerClient docker, BuildpackCatalog catalog, PlatformConfig config)
{
    /// <summary>Path of the rendered Dockerfile inside the build context.</summary>
    public const string DockerfilePath = ".launcher/Dockerfile";

    public async Task<BuildResult> BuildAsync(string app, string commit, SourceArchive source, IDeployOutput output, CancellationToken cancellationToken)
    {
        var detection = await DetectAsync(source.Tree, output);
        var dockerfile = CaBundleInjector.Inject(await DockerfileAsync(detection, source.Tree, cancellationToken));

        var caBundle = File.Exists(config.Build.CaBundle)
            ? await File.ReadAllBytesAsync(config.Build.CaBundle, cancellationToken)
            : throw new BuildFailedException($"the platform's CA bundle {config.Build.CaBundle} (build.caBundle in launcher.yaml) does not exist", []);

        using var context = new MemoryStream();
        await source.WriteContextAsync(context, new Dictionary<string, byte[]>
        {
            [DockerfilePath] = System.Text.Encoding.UTF8.GetBytes(dockerfile),
            [CaBundleInjector.ContextPath] = caBundle,
        }, cancellationToken);
        context.Position = 0;

        var tag = $"launcher/{app}:{commit[..Math.Min(12, commit.Length)]}";
        await output.StepAsync($"Building image {tag}");

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(config.Build.TimeoutSeconds));
        var log = new BuildLog(config.Build.FailureLogLines);
        // No image labels: the classic builder adds each as a step of its own, a container commit on every push.
        var parameters = new BuildParameters(tag, DockerfilePath, config.Build.NetworkMode);

        try
        {
            var imageId = await docker.BuildImageAsync(context, parameters, async message =>
            {
                foreach (var line in log.Add(message))
                {
                    await output.LineAsync(line);
                }
            }, timeout.Token);
            return new BuildResult(tag, imageId, detection);
        }
        catch (DockerException e)
        {
            throw new BuildFailedException(e.Message, log.Tail, log.CurrentStep);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new BuildFailedException(
                $"timed out after {config.Build.TimeoutSeconds} s (build.timeoutSeconds in launcher.yaml)", log.Tail, log.CurrentStep);
        }
    }

    private static async Task<Detection> DetectAsync(ISourceTree tree, IDeployOutput output)
    {
        var result = Detector.Default.Detect(tree);
        if (result.Detection is not { } detection)
        {
            throw new BuildFailedException(result.Message, []);
        }

        await output.StepAsync($"Detected {detection.Buildpack} ({string.Join(", ", detection.DecidedBy.Distinct())})");
        if (detection.Buildpack == "dockerfile")
        {
            await output.LineAsync("a Dockerfile at the root of the repository is used as is, ahead of any buildpack");
        }

        foreach (var (key, value) in detection.Facts.Where(f => f.Value.Length > 0 && f.Key != "start"))
        {
            await output.LineAsync($"{key}: {value}");
        }

        if (detection.Start is not null)
        {
            await output.LineAsync($"start: {detection.Start}");
        }

        return detection;
    }

    private async Task<string> DockerfileAsync(Detection detection, ISourceTree tree, CancellationToken cancellationToken)
    {
        if (detection.Buildpack == "dockerfile")
        {
            return tree.ReadText(detection.Facts["dockerfile"])!;
        }

        var template = await catalog.TemplateAsync(detection.Buildpack, cancellationToken)
            ?? throw new BuildFailedException(
                $"the {detection.Buildpack} buildpack has no {BuildpackCatalog.TemplateFile} in {Path.Combine(catalog.Directory, detection.Buildpack)}", []);
        if (!config.Stacks.TryGetValue(detection.Buildpack, out var stack))
        {
            throw new BuildFailedException($"no stack is configured for the {detection.Buildpack} buildpack: add stacks.{detection.Buildpack} to the platform's launcher.yaml", []);
        }

        foreach (var image in new[] { stack.Build, stack.Run })
        {
            if (await docker.InspectImageAsync(image, cancellationToken) is null)
            {
                throw new BuildFailedException(
                    $"the {detection.Buildpack} stack image {image} is not on this machine: build the stacks with scripts/stacks " +
                    $"(or point stacks.{detection.Buildpack} in the platform's launcher.yaml at an image that exists)", []);
            }
        }

        var facts = new Dictionary<string, string>(detection.Facts, StringComparer.Ordinal)
        {
            ["stack.build"] = stack.Build,
            ["stack.run"] = stack.Run,
            ["port"] = config.Deploy.AppPort.ToString(CultureInfo.InvariantCulture),
            ["start.exec"] = StartCommand.ToExecForm(detection.Start ?? ""),
        };
        try
        {
            return DockerfileTemplate.Render(template, facts);
        }
        catch (FormatException e)
        {
            throw new BuildFailedException($"the {detection.Buildpack} buildpack's template is broken: {e.Message}", []);
        }
    }
}
