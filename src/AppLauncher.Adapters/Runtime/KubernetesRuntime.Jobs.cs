using System.Text;
using AppLauncher.Core.Manifests;
using AppLauncher.Runtime.Kubernetes;
using k8s;
using k8s.Models;

namespace AppLauncher.Runtime;

/// <summary>
/// Commands run once on the cluster, each as a Job (batch/v1, <see cref="JobManifest"/>) in the app's namespace with the
/// revision's image, env and pod containment: the Procfile's <c>release:</c> command before a rollout
/// (<see cref="RunOnceAsync"/>), and one-off runs (<c>launcher run</c>). The Job's pod is followed by polling: its output
/// (the pod's log, passed on as it grows) and its end (the Job's <c>Complete</c> or <c>Failed</c> condition, the exit
/// code from the container's terminated state). Attached Jobs are deleted (with their pods) when they end or the caller
/// goes away; detached ones stay until <see cref="JobManifest.TtlSecondsAfterFinished"/> after they finish.
/// </summary>
internal sealed partial class KubernetesRuntime : IRunRuntime
{
    /// <summary>How long an attached or detached run may take before the cluster ends it.</summary>
    private const long RunDeadlineSeconds = 24 * 3600;

    private static readonly TimeSpan JobPoll = TimeSpan.FromMilliseconds(500);

    private static readonly V1DeleteOptions Background = new() { Kind = "DeleteOptions", ApiVersion = "v1", PropagationPolicy = "Background" };

    /// <summary>Input would need an attach to the pod (SPDY or WebSocket through the API server): not built yet.</summary>
    public bool AcceptsInput => false;

    /// <summary>The cluster runs the apps' cron jobs itself, as CronJobs.</summary>
    public bool RunsCronJobs => true;

    /// <summary>Runs the release command as the Job <c>{app}-release-{n}</c> and waits for its end (at most <paramref name="timeout"/>).</summary>
    public async Task<CommandResult> RunOnceAsync(InstanceSpec spec, string command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var name = ManifestNames.ReleaseJob(spec.App, spec.Revision);
        var output = new StringBuilder();
        var exitCode = await RunJobAsync(spec, name, ManifestNames.ReleaseComponent, ["/bin/sh", "-c", command], timeout,
            o => { output.Append(o.Text); return Task.CompletedTask; }, _ => Task.CompletedTask, cancellationToken);
        return new CommandResult(exitCode, output.ToString());
    }

    public async Task<int> RunAsync(InstanceSpec spec, IReadOnlyList<string> command, Stream? stdin, Func<string, Task> started, Func<RunOutput, Task> output, CancellationToken cancellationToken)
    {
        if (stdin is not null)
        {
            throw new RuntimeException("input to a one-off run (launcher run -i) needs the docker runtime: on kubernetes a run is a Job whose pod takes no input");
        }

        return await RunJobAsync(spec, ManifestNames.RunJob(spec.App, NewRunId()), ManifestNames.RunComponent, command, TimeSpan.FromSeconds(RunDeadlineSeconds), output, started, cancellationToken);
    }

    public async Task<RunInstance> StartDetachedAsync(InstanceSpec spec, IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        var name = ManifestNames.RunJob(spec.App, NewRunId());
        await ApplyJobAsync(spec, name, ManifestNames.RunComponent, command, RunDeadlineSeconds, cancellationToken);
        return new RunInstance(name, spec.App, spec.Revision, string.Join(' ', command), "starting", time.GetUtcNow());
    }

    public async Task<IReadOnlyList<RunInstance>> ListRunsAsync(string app, CancellationToken cancellationToken)
    {
        var jobs = await client.BatchV1.ListNamespacedJobAsync(Ns, labelSelector: $"{ManifestNames.AppLabelSelector(app)},{ManifestNames.ComponentLabel}={ManifestNames.RunComponent}",
            cancellationToken: cancellationToken);
        return [.. jobs.Items.Select(j => new RunInstance(j.Metadata.Name, app,
            Annotation(j, ManifestNames.RevisionAnnotation),
            Annotation(j, ManifestNames.CommandAnnotation),
            Ended(j) is not null ? "ended" : (j.Status?.Active ?? 0) > 0 ? "running" : "starting",
            j.Status?.StartTime is { } start ? new DateTimeOffset(DateTime.SpecifyKind(start, DateTimeKind.Utc)) : j.Metadata.CreationTimestamp is { } created ? new DateTimeOffset(DateTime.SpecifyKind(created, DateTimeKind.Utc)) : null))];
    }

    public async Task<string> RunLogsAsync(RunInstance run, int tail, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        foreach (var pod in await JobPodsAsync(run.Id, cancellationToken))
        {
            text.Append(await client.PodLogsAsync(Ns, pod.Metadata.Name, ManifestNames.Container, tail, cancellationToken));
        }

        return text.ToString();
    }

    /// <summary>Applies the Job, follows its pod's output until it ends, and deletes it; returns the command's exit code.</summary>
    private async Task<int> RunJobAsync(InstanceSpec spec, string name, string component, IReadOnlyList<string> command, TimeSpan timeout,
        Func<RunOutput, Task> output, Func<string, Task> started, CancellationToken cancellationToken)
    {
        await ApplyJobAsync(spec, name, component, command, (long)Math.Ceiling(timeout.TotalSeconds), cancellationToken);
        try
        {
            await started(name);
            var deadline = time.GetUtcNow() + timeout;
            var shown = 0;
            while (true)
            {
                var job = await client.BatchV1.ReadNamespacedJobAsync(name, Ns, cancellationToken: cancellationToken);
                var pod = (await JobPodsAsync(name, cancellationToken)).FirstOrDefault();
                if (pod?.Status?.Phase is "Running" or "Succeeded" or "Failed")
                {
                    shown = await ShowNewOutputAsync(pod.Metadata.Name, shown, output, cancellationToken);
                }

                if (Ended(job) is { } end)
                {
                    if (pod?.Status?.ContainerStatuses?.FirstOrDefault(c => c.Name == ManifestNames.Container)?.State?.Terminated is { } terminated)
                    {
                        return terminated.ExitCode;
                    }

                    // No container ever ran (the image could not be pulled, the deadline passed before it started).
                    await output(new RunOutput("stderr", $"Job {Ns}/{name} failed: {end.Reason}{(string.IsNullOrEmpty(end.Message) ? "" : $": {end.Message}")}\n"));
                    return end.Type == "Complete" ? 0 : 1;
                }

                if (time.GetUtcNow() >= deadline)
                {
                    await output(new RunOutput("stderr", $"Job {Ns}/{name} did not finish within {timeout.TotalSeconds:0} s; it was deleted. See `kubectl -n {Ns} describe job {name}` next time, while it runs.\n"));
                    return 124;
                }

                await Task.Delay(JobPoll, time, cancellationToken);
            }
        }
        finally
        {
            // Deleted with its pod, also when the caller went away: a run nobody follows is not left behind.
            await DeleteJobAsync(name, CancellationToken.None);
        }
    }

    /// <summary>Passes on what the pod printed since <paramref name="shown"/> characters; returns how much has been shown.</summary>
    private async Task<int> ShowNewOutputAsync(string pod, int shown, Func<RunOutput, Task> output, CancellationToken cancellationToken)
    {
        string logs;
        try
        {
            await using var stream = await client.CoreV1.ReadNamespacedPodLogAsync(pod, Ns, container: ManifestNames.Container, cancellationToken: cancellationToken);
            using var reader = new StreamReader(stream);
            logs = await reader.ReadToEndAsync(cancellationToken);
        }
        catch (RuntimeException e) when (e.StatusCode is 400 or 404)
        {
            return shown; // the container is not up yet, or the pod just went
        }

        if (logs.Length > shown)
        {
            await output(new RunOutput("stdout", logs[shown..]));
        }

        return Math.Max(shown, logs.Length);
    }

    private async Task ApplyJobAsync(InstanceSpec spec, string name, string component, IReadOnlyList<string> command, long deadlineSeconds, CancellationToken cancellationToken)
    {
        var image = await ImageOfAsync(spec, cancellationToken);
        var input = Input(spec, image);
        await client.ApplyAsync(NamespaceManifest.MakeNamespace(Cluster.Team), cancellationToken);
        // The Job's pod runs as the app's ServiceAccount, which a first deploy has not made yet when its release runs.
        await client.ApplyAsync(ServiceAccountManifest.MakeServiceAccount(input), cancellationToken);
        // A Job's template cannot change: a release run again for the same revision replaces the old Job.
        await DeleteJobAsync(name, cancellationToken);
        await client.ApplyAsync(JobManifest.MakeJob(input, name, component, command, deadlineSeconds), cancellationToken);
        Log.JobStarted(logger, spec.App, name, Ns);
    }

    private async Task DeleteJobAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await client.BatchV1.DeleteNamespacedJobAsync(name, Ns, Background, cancellationToken: cancellationToken);
        }
        catch (RuntimeException e) when (e.StatusCode == 404)
        {
            // Already gone.
        }
    }

    private async Task<IReadOnlyList<V1Pod>> JobPodsAsync(string job, CancellationToken cancellationToken) =>
        (await client.CoreV1.ListNamespacedPodAsync(Ns, labelSelector: $"{ManifestNames.JobNameLabel}={job}", cancellationToken: cancellationToken)).Items.ToList();

    /// <summary>The Job's <c>Complete</c> or <c>Failed</c> condition once it ended; null while it runs.</summary>
    private static V1JobCondition? Ended(V1Job job) =>
        job.Status?.Conditions?.FirstOrDefault(c => c.Type is "Complete" or "Failed" && c.Status == "True");

    private static string Annotation(V1Job job, string key) =>
        job.Metadata?.Annotations is { } annotations && annotations.TryGetValue(key, out var value) ? value : "";

    private static string NewRunId() => Guid.NewGuid().ToString("N")[..10];
}
