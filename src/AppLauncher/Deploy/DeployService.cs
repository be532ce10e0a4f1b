using AppLauncher.Autoscaling;
using AppLauncher.Apps;
using AppLauncher.Build;
using AppLauncher.Core.Autoscaling;
using AppLauncher.Core.Config;
using AppLauncher.Core.Domains;
using AppLauncher.Core.Processes;
using AppLauncher.Observability.Logs;
using AppLauncher.Processes;
using AppLauncher.Proxy;
using AppLauncher.Release;
using AppLauncher.Runtime;
using AppLauncher.Store;
using Microsoft.Extensions.Options;

namespace AppLauncher.Deploy;

/// <summary>
/// One deploy of a pushed commit: build → revision → release, reported to the pusher as it happens. A push of the
/// deploy branch releases the app's latest revision; a push of any other branch releases a preview of that branch at
/// <c>{branch}-{app}.{domain}</c>, which takes no production traffic.
/// </summary>
internal sealed partial class DeployService(
    ImageBuilder builder,
    Releaser releaser,
    RevisionInstances specs,
    TrafficService traffic,
    AutoscalingPolicies policies,
    AppLocks locks,
    IRuntime runtime,
    AppLifecycle lifecycle,
    IStore store,
    Gc.ImageCollector gc,
    ProcessSupervisor processes,
    ProcessFormation formation,
    Build.BuildQueue buildQueue,
    Observability.DeliveryMetrics metrics,
    Observability.GaugeRegistry gauges,
    Observability.PlatformEvents events,
    PlatformConfig config,
    BuildLogs buildLogs,
    IOptions<ProxyOptions> proxy,
    TeamDomainSet teamDomains,
    TimeProvider time,
    ILogger<DeployService> logger)
{
    private const long MaxSourceBytes = 512L * 1024 * 1024;

    /// <summary>Apps with a deploy (or rollback) in progress.</summary>
    public bool IsDeploying(string app) => locks.IsHeld(app);

    /// <summary>
    /// Builds and releases <paramref name="commit"/> (as a preview of <paramref name="branch"/> when that is set);
    /// returns false (after telling the pusher why) when it fails.
    /// </summary>
    /// <remarks>
    /// <paramref name="actor"/>: who pushed (the authenticated identity), recorded on the revision; <paramref name="team"/>:
    /// the team a first push creates the app in; <paramref name="remote"/> and <paramref name="sourceRef"/>: the repository
    /// and ref a connected app's commit was fetched from, recorded on the revision (a tag's name is its change too);
    /// <paramref name="change"/>: what the release history says instead of <c>deploy 1a2b3c4</c> (a stack rebuild's reason),
    /// with <paramref name="tagSuffix"/> keeping the rebuilt image's tag apart from the one its commit was built as first.
    /// </remarks>
    public async Task<bool> DeployAsync(string app, string commit, string? branch, Stream sourceTar, IDeployOutput pusher, CancellationToken cancellationToken, string? actor = null, string? team = null,
        string? remote = null, string? sourceRef = null, string? change = null, string tagSuffix = "")
    {
        using var gate = await locks.AcquireAsync(app, () => pusher.StepAsync($"Waiting for the deploy of {app} already in progress"), cancellationToken);

        // Read once, under the lock (config changes take it too): the revision's env, and the secrets to mask.
        var configVars = await store.ListConfigAsync(app, cancellationToken);
        var env = configVars.ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
        // The build's log gets what the pusher sees, masked the same way.
        var recorded = new BuildLogDeployOutput(pusher);
        var output = new RedactingDeployOutput(recorded, [.. configVars.Where(v => v.Secret).Select(v => v.Value)]);

        gauges.Register(Observability.MeterNames.Delivery, Observability.DeliveryMetrics.BuildQueueLength, "{build}", "Builds waiting for a build slot",
            () => [new(buildQueue.Queued)]);
        var started = time.GetTimestamp();
        long? buildId = null;
        long? buildStarted = null;
        string? buildpack = null;
        try
        {
            await lifecycle.EnsureCreatedAsync(app, cancellationToken, team);
            var previewTag = branch is null ? null : await PreviewTagAsync(app, branch, cancellationToken);
            buildId = await store.StartBuildAsync(app, commit, time.GetUtcNow(), cancellationToken);
            recorded.Log = buildLogs.Open(app, buildId.Value, actor);
            await output.StepAsync(branch is null
                ? $"AppLauncher: deploying {app} ({commit[..Math.Min(7, commit.Length)]}){(change is null ? "" : $": {change}")}"
                : $"AppLauncher: building a preview of {branch} for {app} ({commit[..Math.Min(7, commit.Length)]})");

            var source = await SourceArchive.ReadAsync(sourceTar, MaxSourceBytes, cancellationToken);
            buildStarted = time.GetTimestamp();
            var image = await builder.BuildAsync(app, commit, source, output, cancellationToken, tagSuffix);
            buildpack = image.Detection.Buildpack;
            metrics.Built(app, buildpack, Observability.DeliveryMetrics.Succeeded, time.GetElapsedTime(buildStarted.Value));
            buildStarted = null;
            await store.FinishBuildAsync(buildId.Value, BuildStatus.Succeeded, buildpack, null, time.GetUtcNow(), cancellationToken);

            if (image.Detection.NoWeb && branch is not null)
            {
                throw new PreviewRefusedException($"branch '{branch}' cannot be previewed: its Procfile has no web process, so a preview would have nothing to answer at its host. Push the deploy branch to deploy it");
            }

            if (image.Detection.NoWeb && runtime.ManagesReplicas)
            {
                throw new BuildFailedException(
                    "the Procfile has no web: line and nothing else gave a start command: an app with no web process runs on the docker runtime only for now; add a web: line (or 'start:' in launcher.yaml) to deploy it on kubernetes", []);
            }

            if (branch is not null)
            {
                return await ReleasePreviewAsync(app, branch, previewTag!, commit, actor, env, image, output, started, cancellationToken, remote, sourceRef);
            }

            CheckProcesses(image);
            await ApplyAppAutoscalingAsync(app, image, output, cancellationToken);
            var revision = await store.AddRevisionAsync(app, image.Image, image.ImageId, commit, buildpack, time.GetUtcNow(), cancellationToken, image.Port, image.App?.HealthCheck.Path,
                env, change ?? Change(commit, sourceRef), actor, appFile: image.AppFile, processes: image.Processes, noWeb: image.Detection.NoWeb, remote: remote, sourceRef: sourceRef);
            recorded.Log?.SetRevision(revision.Name);
            if (image.ReleaseCommand is { } releaseCommand)
            {
                await RunReleaseCommandAsync(revision, releaseCommand, output, cancellationToken);
            }

            if (revision.NoWeb)
            {
                return await ReleaseWithoutWebAsync(app, revision, image, output, started, commit, cancellationToken);
            }

            var instances = await traffic.InstancesToStartAsync(app, cancellationToken);
            await output.StepAsync($"Starting {revision.Name} ({instances} instance{(instances == 1 ? "" : "s")}): waiting for it to answer on PORT={revision.Port ?? config.Deploy.AppPort}");
            var resolved = await traffic.PromoteAsync(revision, instances, output.LineAsync, cancellationToken);
            await ReleaseProcessesAsync(app, image, output, cancellationToken);

            var url = teamDomains.UrlFor(app, teamDomains.TeamOf(app), proxy.Value.Scheme, proxy.Value.Port);
            await output.StepAsync($"Released {revision.Name} in {time.GetElapsedTime(started).TotalSeconds:0.0} s");
            var share = resolved.PercentOf(revision.Name);
            if (share == 100)
            {
                await output.LineAsync($"{url} deployed");
            }
            else
            {
                await output.LineAsync($"{url} now sends {share} % of its requests to {revision.Name} (traffic: {TrafficService.Describe(resolved)}).");
                await output.LineAsync($"Traffic is split by 'launcher traffic {app}'; send everything to the latest with 'launcher traffic {app} {Core.Traffic.TrafficPlan.LatestName}=100'.");
            }

            Log.Deployed(logger, app, revision.Name, commit);
            metrics.Deployed(app, revision.Name, buildpack, Observability.DeliveryMetrics.Succeeded, time.GetElapsedTime(started));
            metrics.Released(app, revision.Name, "deploy");
            gc.CollectInBackground();
            return true;
        }
        catch (Exception e) when (e is AppNameRefusedException or PreviewRefusedException or ReleaseCommandFailedException or BuildFailedException or InstanceNotReadyException or RuntimeException or InvalidDataException)
        {
            await ReportFailureAsync(app, e, output);
            if (buildId is { } id)
            {
                var status = e is InstanceNotReadyException or ReleaseCommandFailedException ? BuildStatus.Succeeded : BuildStatus.Failed;
                await store.FinishBuildAsync(id, status, buildpack, e.Message, time.GetUtcNow(), CancellationToken.None);
            }

            Log.DeployFailed(logger, app, commit, e.Message);
            if (buildStarted is { } failedBuild)
            {
                metrics.Built(app, buildpack ?? "unknown", Observability.DeliveryMetrics.Failed, time.GetElapsedTime(failedBuild));
            }

            metrics.Deployed(app, null, buildpack ?? "unknown", Observability.DeliveryMetrics.Failed, time.GetElapsedTime(started));
            events.Publish(new Observability.PlatformEvent(Core.Alerts.PlatformEventKind.DeployFailed, app, null,
                $"the deploy of {app} ({commit[..Math.Min(7, commit.Length)]}) failed: {e.Message}", time.GetUtcNow()));
            return false;
        }
        finally
        {
            recorded.Log?.Dispose();
        }
    }

    /// <summary>
    /// A revision with no web process: no instance to wait for and no URL. It becomes the latest (the previous
    /// revision's web instances drain, the host answers that there is no web process), then its workers start.
    /// </summary>
    private async Task<bool> ReleaseWithoutWebAsync(string app, RevisionRecord revision, BuildResult image, IDeployOutput output, long started, string commit, CancellationToken cancellationToken)
    {
        await output.StepAsync($"Releasing {revision.Name}: no web process (the Procfile runs {string.Join(", ", image.Processes.Keys)}), so no port to wait for, no route and no URL");
        await traffic.PromoteAsync(revision, 0, output.LineAsync, cancellationToken);
        await ReleaseProcessesAsync(app, image, output, cancellationToken);
        await output.StepAsync($"Released {revision.Name} in {time.GetElapsedTime(started).TotalSeconds:0.0} s");
        await output.LineAsync($"{app} has no web process: it gets no URL. 'launcher ps {app}' shows its workers; 'launcher logs {app}' their output.");
        Log.Deployed(logger, app, revision.Name, commit);
        gc.CollectInBackground();
        return true;
    }

    /// <summary>The preview of a branch: its own revision, started, tagged with the branch's name; no release command, no policy change.</summary>
    private async Task<bool> ReleasePreviewAsync(string app, string branch, string tag, string commit, string? actor, IReadOnlyDictionary<string, string> env, BuildResult image, IDeployOutput output, long started, CancellationToken cancellationToken,
        string? remote, string? sourceRef)
    {
        var revision = await store.AddRevisionAsync(app, image.Image, image.ImageId, commit, image.Detection.Buildpack, time.GetUtcNow(), cancellationToken, image.Port, image.App?.HealthCheck.Path,
            env, $"preview {branch} {commit[..Math.Min(7, commit.Length)]}", actor, branch, image.AppFile, remote: remote, sourceRef: sourceRef);
        if (image.ReleaseCommand is not null)
        {
            await output.LineAsync("The Procfile's release command runs for the deploy branch only: it was not run for this preview.");
        }

        await output.StepAsync($"Starting {revision.Name} (preview of {branch}): waiting for it to answer on PORT={revision.Port ?? config.Deploy.AppPort}");
        await releaser.StartAsync(revision, 1, output.LineAsync, cancellationToken);
        await traffic.SetPreviewAsync(app, branch, tag, revision.Name, cancellationToken);

        var url = AppDomains.UrlFor(Core.Traffic.TrafficTags.HostLabel(tag, app), proxy.Value.Domain, proxy.Value.Scheme, proxy.Value.Port);
        await output.StepAsync($"Released preview {revision.Name} in {time.GetElapsedTime(started).TotalSeconds:0.0} s (no production traffic)");
        await output.LineAsync($"{url} previews {branch}; 'git push <remote> --delete {branch}' removes it");
        Log.Deployed(logger, app, revision.Name, commit);
        return true;
    }

    /// <summary>What made the revision: <c>deploy 1a2b3c4</c>, or <c>deploy v1.2 (1a2b3c4)</c> for a connected app's tag.</summary>
    private static string Change(string commit, string? sourceRef) =>
        sourceRef is not null && sourceRef.StartsWith(Core.Remotes.RefRules.TagsPrefix, StringComparison.Ordinal)
            ? $"deploy {sourceRef[Core.Remotes.RefRules.TagsPrefix.Length..]} ({commit[..Math.Min(7, commit.Length)]})"
            : $"deploy {commit[..Math.Min(7, commit.Length)]}";

    /// <summary>The tag a branch's preview answers on; refuses a branch whose name cannot make one, or whose tag is taken.</summary>
    private async Task<string> PreviewTagAsync(string app, string branch, CancellationToken cancellationToken)
    {
        if (traffic.SideBySideRefusal is { } refusal)
        {
            throw new PreviewRefusedException($"branch '{branch}' cannot be previewed: {refusal}. Push the deploy branch to deploy");
        }

        var tag = Core.Traffic.TrafficTags.ForBranch(branch, app)
            ?? throw new PreviewRefusedException($"branch '{branch}' cannot name a preview of {app}: its host '{{branch}}-{app}' must be one DNS label of at most 63 characters; use a shorter branch name with letters or digits");
        var plan = await traffic.GetPlanAsync(app, cancellationToken);
        if (plan.Targets.FirstOrDefault(t => t.Tag == tag && t.Branch != branch) is { } taken)
        {
            throw new PreviewRefusedException(taken.IsPreview
                ? $"branch '{branch}' would preview at the same host as branch '{taken.Branch}' ({tag}-{app}): rename one of them"
                : $"'{tag}' is already a traffic tag of {app}: rename the branch, or remove the tag with 'launcher traffic {app} --untag {tag}'");
        }

        if (await store.GetAppAsync(Core.Traffic.TrafficTags.HostLabel(tag, app), cancellationToken) is not null)
        {
            throw new PreviewRefusedException($"'{tag}-{app}' is the name of another app, so it cannot preview branch '{branch}': rename the branch");
        }

        return tag;
    }

    /// <summary>Removes the preview of a deleted branch; tells the pusher what happened.</summary>
    public async Task DeletePreviewAsync(string app, string branch, IDeployOutput output, CancellationToken cancellationToken)
    {
        await output.StepAsync(await traffic.RemovePreviewAsync(app, branch, cancellationToken)
            ? $"AppLauncher: removed the preview of {branch}"
            : $"AppLauncher: {branch} had no preview");
    }

    /// <summary>
    /// An <c>autoscaling:</c> section in the app's launcher.yaml becomes the app's policy with the push (the API and
    /// <c>launcher autoscale</c> change it between pushes). An invalid one fails the deploy; nothing changes.
    /// </summary>
    private async Task ApplyAppAutoscalingAsync(string app, BuildResult image, IDeployOutput output, CancellationToken cancellationToken)
    {
        if (image.App?.Autoscaling is not { } policy)
        {
            return;
        }

        var result = new AutoscalingPolicyValidator().Validate(policy);
        if (!result.IsValid)
        {
            var errors = string.Join("; ", result.Errors.Select(e => $"autoscaling.{YamlConfigReader<AutoscalingPolicy>.ToYamlPath(e.PropertyName)}: {e.ErrorMessage}"));
            throw new BuildFailedException($"launcher.yaml: {errors}", []);
        }

        await policies.SetAsync(app, policy, cancellationToken);
        await output.LineAsync($"autoscaling from launcher.yaml: min {policy.Min}, max {(policy.Max == 0 ? "no bound" : policy.Max)}, {policy.Metric} {policy.Target}");
    }

    /// <summary>Refuses process types that cannot name containers, and launcher.yaml counts for types the Procfile does not have.</summary>
    private static void CheckProcesses(BuildResult image)
    {
        if (image.Processes.Keys.Select(ProcessTypes.ValidateName).OfType<string>().FirstOrDefault() is { } error)
        {
            throw new BuildFailedException($"Procfile: {error}", []);
        }

        if (image.App?.Processes.Keys.FirstOrDefault(t => !image.Processes.ContainsKey(t)) is { } unknown)
        {
            var valid = image.Processes.Count == 0 ? "the Procfile has no process types besides web" : $"the Procfile's process types are: {string.Join(", ", image.Processes.Keys)}";
            throw new BuildFailedException($"launcher.yaml: processes.{unknown}: the Procfile has no process type '{unknown}'; {valid}", []);
        }
    }

    /// <summary>
    /// The revision's other process types follow its web instances: launcher.yaml's counts are applied, the new
    /// revision's instances start and the previous revision's are drained (SIGTERM, grace, SIGKILL), in one pass.
    /// </summary>
    private async Task ReleaseProcessesAsync(string app, BuildResult image, IDeployOutput output, CancellationToken cancellationToken)
    {
        if (image.App?.Processes is { Count: > 0 } counts)
        {
            await formation.SetAsync(app, counts, cancellationToken);
            await output.LineAsync($"processes from launcher.yaml: {string.Join(", ", counts.Select(c => $"{c.Key}={c.Value}"))}");
        }

        foreach (var line in await processes.ReconcileAsync(app, cancellationToken))
        {
            await output.LineAsync(line);
        }
    }

    /// <summary>The Procfile's <c>release:</c> runs once, in the new revision's image, before any traffic moves; failing fails the deploy.</summary>
    private async Task RunReleaseCommandAsync(RevisionRecord revision, string command, IDeployOutput output, CancellationToken cancellationToken)
    {
        await output.StepAsync($"Running release command: {command}");
        var result = await runtime.RunOnceAsync(await specs.SpecAsync(revision, cancellationToken), command, TimeSpan.FromSeconds(config.Build.TimeoutSeconds), cancellationToken);
        foreach (var line in result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            await output.LineAsync(line.TrimEnd('\r'));
        }

        if (result.ExitCode != 0)
        {
            throw new ReleaseCommandFailedException($"'{command}' (Procfile release:) exited with code {result.ExitCode}: fix it, or remove it from the Procfile");
        }
    }

    private async Task ReportFailureAsync(string app, Exception e, IDeployOutput output)
    {
        var (what, tail) = e switch
        {
            BuildFailedException { Step: { } step } b => ($"Build failed at {step}", b.LogTail),
            BuildFailedException b => ("Build failed", b.LogTail),
            InstanceNotReadyException r => ("Deploy failed", (IReadOnlyList<string>)r.Logs.Split('\n', StringSplitOptions.RemoveEmptyEntries)),
            ReleaseCommandFailedException => ("Release command failed", []),
            PreviewRefusedException => ("Preview refused", []),
            _ => ("Deploy failed", []),
        };

        await output.ErrorAsync($"{what}: {e.Message}");
        if (tail.Count > 0)
        {
            await output.ErrorAsync(e is InstanceNotReadyException ? "Last lines of the app's output:" : $"Last {tail.Count} lines of the build:");
            foreach (var line in tail)
            {
                await output.ErrorAsync($"  {line}");
            }
        }

        var current = await store.GetAppAsync(app, CancellationToken.None);
        await output.ErrorAsync(current?.CurrentRevision is { } running
            ? $"Nothing changed: {running} keeps serving."
            : "Nothing was released.");
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Deployed {App} as {Revision} from {Commit}")]
        public static partial void Deployed(ILogger logger, string app, string revision, string commit);

        [LoggerMessage(2, LogLevel.Warning, "Deploy of {App} at {Commit} failed: {Reason}")]
        public static partial void DeployFailed(ILogger logger, string app, string commit, string reason);
    }
}
