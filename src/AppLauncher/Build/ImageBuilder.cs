using System.Globalization;
using AppLauncher.Core.Apps;
using AppLauncher.Core.Build;
using AppLauncher.Core.Config;
using AppLauncher.Core.Detect;
using AppLauncher.Core.Rebuilds;
using AppLauncher.Docker;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace AppLauncher.Build;

/// <summary>Detects what a pushed commit is, renders its Dockerfile and builds the image on the Docker Engine.</summary>
internal sealed class ImageBuilder(IDockerClient docker, BuildpackCatalog catalog, BuildQueue queue, BuildNetwork network, PlatformConfig config, Settings.LauncherSettings settings)
{
    /// <summary>The CFS period the CPU quota of a build is a share of (the engine's default, 100 ms).</summary>
    private const long CpuPeriod = 100_000;

    /// <summary>Path of the rendered Dockerfile inside the build context.</summary>
    public const string DockerfilePath = ".launcher/Dockerfile";

    /// <summary>Label on every image and build stage a build makes: the installation it belongs to.</summary>
    public const string InstallationLabel = "launcher.installation";

    /// <summary>
    /// Builds the image <c>launcher/{app}:{commit12}{tagSuffix}</c>. A rebuild of a commit already built passes a suffix,
    /// so the tag the running revision was started from keeps naming its image.
    /// </summary>
    public async Task<BuildResult> BuildAsync(string app, string commit, SourceArchive source, IBuildOutput output, CancellationToken cancellationToken, string tagSuffix = "")
    {
        using var slot = await queue.TryEnterAsync(
                (ahead, running) => output.StepAsync(ahead == 0
                    ? $"Waiting for a build slot: {running} build{(running == 1 ? "" : "s")} running, yours is next"
                    : $"Waiting for a build slot: {ahead} build{(ahead == 1 ? "" : "s")} ahead of you ({running} running)"),
                cancellationToken)
            ?? throw new BuildFailedException(
                $"the build queue is full ({config.Build.Concurrency} running, {config.Build.MaxQueued} waiting; build.concurrency and build.maxQueued " +
                "in the platform's launcher.yaml): nothing was built, push again in a few minutes", []);
        var plan = await PlanAsync(source.Tree, output);
        var detection = plan.Detection!;
        if (plan.Config?.Name is { } named && named != app)
        {
            throw new BuildFailedException(
                $"launcher.yaml names the app '{named}', but this push went to '{app}': push to /{named}.git, or change or remove 'name:'", []);
        }

        ISourceTree tree = plan.BuildRoot is { } root ? new SubtreeSourceTree(source.Tree, root) : source.Tree;
        var port = plan.Config?.Port ?? config.Deploy.AppPort;
        // Every stage is labelled with the installation, so garbage collection knows the stages it may remove.
        var (rendered, stacks) = await DockerfileAsync(detection, tree, port, cancellationToken);
        var dockerfile = CaBundleInjector.Inject(rendered,
            new Dictionary<string, string> { [InstallationLabel] = settings.InstallationId });
        dockerfile = AppImageSettings.Append(dockerfile, plan.Config);

        // One LABEL line in the Dockerfile rather than the API's labels, which the classic builder turns into one
        // step (one container commit) per label: four commits less on every build.
        var labels = new Dictionary<string, string>
        {
            ["launcher.app"] = app,
            [InstallationLabel] = settings.InstallationId,
            ["launcher.commit"] = commit,
            ["launcher.buildpack"] = detection.Buildpack,
            [AppImageSettings.PortLabel] = port.ToString(CultureInfo.InvariantCulture),
        };
        if (stacks.Count > 0)
        {
            // The exact stack images this build used, so a stack rebuild knows which apps run on an older one.
            labels[StackStamps.Label] = StackStamps.Format(stacks);
        }

        dockerfile = AppImageSettings.AppendLabels(dockerfile, labels);

        var caBundle = File.Exists(config.Build.CaBundle)
            ? await File.ReadAllBytesAsync(config.Build.CaBundle, cancellationToken)
            : throw new BuildFailedException($"the platform's CA bundle {config.Build.CaBundle} (build.caBundle in launcher.yaml) does not exist", []);

        // Docker's own rule, for the app's Dockerfile and buildpack builds alike: the context root's .dockerignore.
        var (ignore, ignoreError) = DockerIgnore.Parse(tree.ReadText(DockerIgnore.FileName));
        if (ignore is null)
        {
            throw new BuildFailedException(ignoreError!, []);
        }

        if (ignore.CheckCost(tree.Files) is { } tooCostly)
        {
            throw new BuildFailedException(tooCostly, []);
        }

        using var context = new MemoryStream();
        var ignored = await source.WriteContextAsync(context, new Dictionary<string, byte[]>
        {
            [DockerfilePath] = System.Text.Encoding.UTF8.GetBytes(dockerfile),
            [CaBundleInjector.ContextPath] = caBundle,
        }, cancellationToken, plan.BuildRoot, ignore);
        context.Position = 0;
        if (ignore.Patterns.Count > 0)
        {
            await output.LineAsync($"{DockerIgnore.FileName}: {ignored} file{(ignored == 1 ? "" : "s")} left out of the build context");
        }

        var tag = $"launcher/{app}:{commit[..Math.Min(12, commit.Length)]}{tagSuffix}";
        var networkMode = await network.EnsureAsync(cancellationToken);
        await output.StepAsync($"Building image {tag}");
        if (networkMode == "host")
        {
            await output.LineAsync("warning: this build runs on the host's network (build.networkMode: host): it can reach every service of this machine");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(config.Build.TimeoutSeconds));
        var log = new BuildLog(config.Build.FailureLogLines);
        // No image labels: the classic builder adds each as a step of its own, a container commit on every push.
        var parameters = new ImageBuildParameters
        {
            Tags = [tag],
            Dockerfile = DockerfilePath,
            NetworkMode = networkMode,
            Remove = true,
            ForceRemove = true,
        };
        ApplyLimits(parameters, config.Build);

        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var imageId = await BuildImageAsync(context, parameters, log, output, timeout.Token);
            // Printed for people and parsed by scripts/bench-build.
            await output.LineAsync(FormattableString.Invariant($"Built {tag} in {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds:0.00} s"));
            var procfile = tree.ReadText(Procfile.FileName) is { } text ? Procfile.Parse(text) : new Dictionary<string, string>();
            var release = procfile.TryGetValue(Core.Processes.ProcessTypes.Release, out var command) ? command : null;
            return new BuildResult(tag, imageId, detection)
            {
                App = plan.Config, AppFile = source.Tree.ReadText(AppConfigFile.FileName), Port = port, ReleaseCommand = release, Processes = Core.Processes.ProcessTypes.Workers(procfile),
            };
        }
        catch (DockerApiException e)
        {
            throw new BuildFailedException(DockerEngine.Message(e), log.Tail, log.CurrentStep);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new BuildFailedException(
                $"the build was stopped after {config.Build.TimeoutSeconds} s (the platform's build timeout): make it faster " +
                "(dependency installs are cached as their own layers), or raise build.timeoutSeconds in the platform's launcher.yaml (up to 7200)",
                log.Tail, log.CurrentStep);
        }
    }

    /// <summary>The platform's build limits on every build step: memory (no swap beyond it) and CPU as a CFS quota.</summary>
    internal static void ApplyLimits(ImageBuildParameters parameters, BuildConfig build)
    {
        var memory = (long)(Core.Manifests.ResourceQuantity.TryParse(build.Memory)
            ?? throw new InvalidOperationException($"build.memory '{build.Memory}' passed validation but is no quantity"));
        parameters.Memory = memory;
        parameters.MemorySwap = memory;
        parameters.CPUPeriod = CpuPeriod;
        parameters.CPUQuota = (long)Math.Round(build.Cpus * CpuPeriod);
    }

    /// <summary>
    /// Runs the build and streams its lines to the pusher as they come. The library reports messages synchronously,
    /// so they go through a channel to the (asynchronous) output. Returns the image id.
    /// </summary>
    private async Task<string> BuildImageAsync(Stream context, ImageBuildParameters parameters, BuildLog log, IBuildOutput output, CancellationToken cancellationToken)
    {
        var lines = System.Threading.Channels.Channel.CreateUnbounded<string>(new() { SingleReader = true, SingleWriter = true });
        var pump = Task.Run(async () =>
        {
            await foreach (var line in lines.Reader.ReadAllAsync(CancellationToken.None))
            {
                await output.LineAsync(line);
            }
        }, CancellationToken.None);

        string? imageId = null;
        string? error = null;
        try
        {
            await docker.Images.BuildImageFromDockerfileAsync(parameters, context, authConfigs: null, headers: null, new InlineProgress<JSONMessage>(message =>
            {
                imageId = DockerEngine.Aux(message, "ID") ?? imageId;
                error ??= message.Error?.Message;
                foreach (var line in log.Add(message))
                {
                    lines.Writer.TryWrite(line);
                }
            }), cancellationToken);
        }
        finally
        {
            lines.Writer.TryComplete();
            await pump;
        }

        if (error is not null)
        {
            throw new BuildFailedException(error.Trim(), log.Tail, log.CurrentStep);
        }

        return imageId ?? throw new BuildFailedException("the build finished without reporting an image id", log.Tail, log.CurrentStep);
    }

    private static async Task<AppPlan> PlanAsync(ISourceTree tree, IBuildOutput output)
    {
        var plan = AppPlanner.Plan(tree, Detector.Default);
        if (plan.Detection is not { } detection)
        {
            throw new BuildFailedException(plan.Result.Message, []);
        }

        var report = DetectionReport.From(plan);
        await output.StepAsync($"Detected {detection.Buildpack} ({string.Join(", ", report.DecidedBy)})");
        foreach (var line in report.ToLines().Skip(2))
        {
            await output.LineAsync(line);
        }

        if (plan.BuildRoot is { } root)
        {
            await output.LineAsync($"build root: {root}/ (build.root in launcher.yaml)");
        }

        return plan;
    }

    private async Task<(string Dockerfile, IReadOnlyList<StackStamp> Stacks)> DockerfileAsync(Detection detection, ISourceTree tree, int port, CancellationToken cancellationToken)
    {
        if (detection.Buildpack == "dockerfile")
        {
            return (tree.ReadText(detection.Facts["dockerfile"])!, []);
        }

        var template = await catalog.TemplateAsync(detection.Buildpack, cancellationToken)
            ?? throw new BuildFailedException(
                $"the {detection.Buildpack} buildpack has no {BuildpackCatalog.TemplateFile} in {Path.Combine(catalog.Directory, detection.Buildpack)}", []);
        if (!config.Stacks.TryGetValue(detection.Buildpack, out var stack))
        {
            throw new BuildFailedException($"no stack is configured for the {detection.Buildpack} buildpack: add stacks.{detection.Buildpack} to the platform's launcher.yaml", []);
        }

        var stacks = new List<StackStamp>();
        foreach (var image in new[] { stack.Build, stack.Run })
        {
            stacks.Add(await StackImageAsync(image, cancellationToken)
                ?? throw new BuildFailedException(
                    $"the {detection.Buildpack} stack image {image} is not on this machine: build the stacks with scripts/stacks " +
                    $"(or point stacks.{detection.Buildpack} in the platform's launcher.yaml at an image that exists)", []));
        }

        var facts = new Dictionary<string, string>(detection.Facts, StringComparer.Ordinal)
        {
            ["stack.build"] = stack.Build,
            ["stack.run"] = stack.Run,
            ["port"] = port.ToString(CultureInfo.InvariantCulture),
            ["start.exec"] = detection.Start is { } start ? StartCommand.ToExecForm(start) : "",
        };
        try
        {
            return (DockerfileTemplate.Render(template, facts), stacks);
        }
        catch (FormatException e)
        {
            throw new BuildFailedException($"the {detection.Buildpack} buildpack's template is broken: {e.Message}", []);
        }
    }

    /// <summary>The stack image <paramref name="image"/> names now, as a stamp; null when it is not on this machine.</summary>
    /// <remarks>
    /// The build uses the reference, which could move between this look-up and the build's FROM; a stack rebuilt in
    /// that instant leaves the app stamped with the older stack, and the next check rebuilds it once more: harmless.
    /// </remarks>
    private async Task<StackStamp?> StackImageAsync(string image, CancellationToken cancellationToken)
    {
        try
        {
            var inspected = await docker.Images.InspectImageAsync(image, cancellationToken);
            return StackStamp.Of(image, inspected.Config?.Labels is { } labels ? new Dictionary<string, string>(labels, StringComparer.Ordinal) : null, inspected.ID);
        }
        catch (DockerImageNotFoundException)
        {
            return null;
        }
        catch (DockerApiException e)
        {
            throw new BuildFailedException($"the Docker Engine could not look up the stack image {image}: {DockerEngine.Message(e)}", []);
        }
    }
}
