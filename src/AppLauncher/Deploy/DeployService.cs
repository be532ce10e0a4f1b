using AppLauncher.Autoscaling;
using AppLauncher.Apps;
using AppLauncher.Build;
using AppLauncher.Core.Autoscaling;
using AppLauncher.Core.Config;
using AppLauncher.Core.Domains;
using AppLauncher.Docker;
using AppLauncher.Proxy;
using AppLauncher.Release;
using AppLauncher.Runtime;
using AppLauncher.Store;
using Microsoft.Extensions.Options;

namespace AppLauncher.Deploy;

/// <summary>One deploy of a pushed commit: build → revision → release, reported to the pusher as it happens.</summary>
internal sealed partial class DeployService(
    ImageBuilder builder,
    Releaser releaser,
    RouteTable routes,
    AutoscalingPolicies policies,
    AppLocks locks,
    IRuntime runtime,
    AppLifecycle lifecycle,
    IStore store,
    PlatformConfig config,
    IOptions<ProxyOptions> proxy,
    TimeProvider time,
    ILogger<DeployService> logger)
{
    private const long MaxSourceBytes = 512L * 1024 * 1024;

    /// <summary>Apps with a deploy (or rollback) in progress.</summary>
    public bool IsDeploying(string app) => locks.IsHeld(app);

    /// <summary>Builds and releases <paramref name="commit"/>; returns false (after telling the pusher why) when it fails.</summary>
    /// <remarks><paramref name="actor"/>: who pushed (the commit's author), recorded on the revision.</remarks>
    public async Task<bool> DeployAsync(string app, string commit, Stream sourceTar, IDeployOutput output, CancellationToken cancellationToken, string? actor = null)
    {
        using var gate = await locks.AcquireAsync(app, () => output.StepAsync($"Waiting for the deploy of {app} already in progress"), cancellationToken);

        var started = time.GetTimestamp();
        long? buildId = null;
        string? buildpack = null;
        try
        {
            await lifecycle.EnsureCreatedAsync(app, cancellationToken);
            buildId = await store.StartBuildAsync(app, commit, time.GetUtcNow(), cancellationToken);
            await output.StepAsync($"AppLauncher: deploying {app} ({commit[..Math.Min(7, commit.Length)]})");

            var source = await SourceArchive.ReadAsync(sourceTar, MaxSourceBytes, cancellationToken);
            var image = await builder.BuildAsync(app, commit, source, output, cancellationToken);
            buildpack = image.Detection.Buildpack;
            await store.FinishBuildAsync(buildId.Value, BuildStatus.Succeeded, buildpack, null, time.GetUtcNow(), cancellationToken);

            await ApplyAppAutoscalingAsync(app, image, output, cancellationToken);
            var revision = await store.AddRevisionAsync(app, image.Image, image.ImageId, commit, buildpack, time.GetUtcNow(), cancellationToken, image.Port, image.App?.HealthCheck.Path,
                await store.EnvironmentAsync(app, cancellationToken), $"deploy {commit[..Math.Min(7, commit.Length)]}", actor);
            if (image.ReleaseCommand is { } releaseCommand)
            {
                await RunReleaseCommandAsync(revision, releaseCommand, output, cancellationToken);
            }

            var instances = await InstancesToStartAsync(app, cancellationToken);
            await output.StepAsync($"Starting {revision.Name} ({instances} instance{(instances == 1 ? "" : "s")}): waiting for it to answer on PORT={revision.Port ?? config.Deploy.AppPort}");
            await releaser.ReleaseAsync(revision, instances, output.LineAsync, cancellationToken);
            await store.SetCurrentRevisionAsync(app, revision.Name, time.GetUtcNow(), cancellationToken);

            var url = AppDomains.UrlFor(app, proxy.Value.Domain, proxy.Value.Scheme, proxy.Value.Port);
            await output.StepAsync($"Released {revision.Name} in {time.GetElapsedTime(started).TotalSeconds:0.0} s");
            await output.LineAsync($"{url} deployed");
            Log.Deployed(logger, app, revision.Name, commit);
            return true;
        }
        catch (Exception e) when (e is AppNameRefusedException or ReleaseCommandFailedException or BuildFailedException or InstanceNotReadyException or DockerException or InvalidDataException)
        {
            await ReportFailureAsync(app, e, output);
            if (buildId is { } id)
            {
                var status = e is InstanceNotReadyException or ReleaseCommandFailedException ? BuildStatus.Succeeded : BuildStatus.Failed;
                await store.FinishBuildAsync(id, status, buildpack, e.Message, time.GetUtcNow(), CancellationToken.None);
            }

            Log.DeployFailed(logger, app, commit, e.Message);
            return false;
        }
    }

    /// <summary>
    /// As many instances as the old revision serves with (so a deploy under load does not shrink the app), and at
    /// least the policy's initial and minimum scale; one at least, since a revision must prove it answers.
    /// </summary>
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

    /// <summary>The Procfile's <c>release:</c> runs once, in the new revision's image, before any traffic moves; failing fails the deploy.</summary>
    private async Task RunReleaseCommandAsync(RevisionRecord revision, string command, IDeployOutput output, CancellationToken cancellationToken)
    {
        await output.StepAsync($"Running release command: {command}");
        var result = await runtime.RunOnceAsync(RevisionInstances.Spec(revision, config), command, TimeSpan.FromSeconds(config.Build.TimeoutSeconds), cancellationToken);
        foreach (var line in result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            await output.LineAsync(line.TrimEnd('\r'));
        }

        if (result.ExitCode != 0)
        {
            throw new ReleaseCommandFailedException($"'{command}' (Procfile release:) exited with code {result.ExitCode}: fix it, or remove it from the Procfile");
        }
    }

    internal async Task<int> InstancesToStartAsync(string app, CancellationToken cancellationToken)
    {
        var policy = await policies.GetAsync(app, cancellationToken);
        var serving = routes.Find(app)?.Endpoints.Count ?? 0;
        var count = Math.Max(1, Math.Max(Math.Max(policy.Initial, policy.Min), serving));
        return policy.Max > 0 ? Math.Min(count, policy.Max) : count;
    }

    private async Task ReportFailureAsync(string app, Exception e, IDeployOutput output)
    {
        var (what, tail) = e switch
        {
            BuildFailedException { Step: { } step } b => ($"Build failed at {step}", b.LogTail),
            BuildFailedException b => ("Build failed", b.LogTail),
            InstanceNotReadyException r => ("Deploy failed", (IReadOnlyList<string>)r.Logs.Split('\n', StringSplitOptions.RemoveEmptyEntries)),
            ReleaseCommandFailedException => ("Release command failed", []),
            DockerException => ("Deploy failed: the Docker Engine refused a call", []),
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
