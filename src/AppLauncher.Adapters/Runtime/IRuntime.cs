using AppLauncher.Core.Apps;
using AppLauncher.Core.Autoscaling;

namespace AppLauncher.Runtime;

/// <summary>What to run: one instance of a revision.</summary>
/// <param name="HealthPath">HTTP path that must answer 2xx or 3xx before the instance takes traffic; null: any HTTP answer.</param>
public sealed record InstanceSpec(string App, string Revision, string Image, IReadOnlyDictionary<string, string> Env, int Port, string? HealthPath = null)
{
    /// <summary>The commit the revision was built from, when known.</summary>
    public string? Commit { get; init; }

    /// <summary>The buildpack that built the image, when known.</summary>
    public string? Buildpack { get; init; }

    /// <summary>The app's own launcher.yaml as read when the revision was built (resources, cron jobs…); null without one.</summary>
    public AppConfig? AppConfig { get; init; }

    /// <summary>The revision's non-web Procfile process types (type → command), for runtimes that make manifests; null: none.</summary>
    public IReadOnlyDictionary<string, string>? Processes { get; init; }

    /// <summary>The counts <c>launcher scale</c> set for the process types (type → count); null: none set.</summary>
    public IReadOnlyDictionary<string, int>? ProcessCounts { get; init; }

    /// <summary>The autoscaling policy set for the app through the API, which wins over its launcher.yaml's; null if none was set.</summary>
    public AutoscalingPolicy? Autoscaling { get; init; }
}

/// <summary>How a one-off command (a release command) ended: its exit code and output.</summary>
public sealed record CommandResult(int ExitCode, string Output);

/// <summary>
/// An instance of a revision, reachable at <see cref="Endpoint"/> on loopback when it runs. A paused instance keeps its
/// memory and resumes in milliseconds; a stopped one keeps its container and starts without being created again.
/// </summary>
public sealed record Instance(string Id, string App, string Revision, Uri? Endpoint, bool Running, bool Paused = false)
{
    /// <summary>Running and not paused: it can take requests.</summary>
    public bool Serving => Running && !Paused;
}

/// <summary>One sample of an instance's resource use: cumulative CPU time and the machine's, and memory.</summary>
public sealed record ResourceUsage(ulong CpuTime, ulong SystemCpuTime, int OnlineCpus, ulong MemoryBytes, ulong MemoryLimitBytes);

/// <summary>An instance that did not become ready: the message says why; <see cref="Logs"/> holds its last output.</summary>
public sealed class InstanceNotReadyException(string message, string logs) : Exception(message)
{
    public string Logs { get; } = logs;

    /// <summary>The exit code when the instance ended before it was ready.</summary>
    public int? ExitCode { get; init; }

    /// <summary>The instance ended for exceeding its memory limit.</summary>
    public bool OutOfMemory { get; init; }
}

/// <summary>Where app instances run. The proxy and the deployer do not know which runtime it is.</summary>
public interface IRuntime
{
    /// <summary>
    /// True when the runtime scales an app above one instance by itself (Kubernetes: the HPA owns the Deployment's
    /// replicas above 1). Then an app has at most one <see cref="Instance"/> here, standing for all its pods: callers
    /// only move it between 0 and 1 (<see cref="StartAsync"/>/<see cref="ResumeAsync"/> up, <see cref="StopAsync"/>/
    /// <see cref="PauseAsync"/>/<see cref="RemoveAsync"/> down) and never start a second instance of a revision to add
    /// capacity. False (Docker): one <see cref="Instance"/> is one container, and callers add and remove them.
    /// </summary>
    bool ManagesReplicas { get; }

    /// <summary>Creates and starts one instance.</summary>
    Task<Instance> StartAsync(InstanceSpec spec, CancellationToken cancellationToken);

    /// <summary>
    /// Waits until the instance answers on its port (at <paramref name="healthPath"/> with 2xx or 3xx, when given);
    /// throws <see cref="InstanceNotReadyException"/> otherwise.
    /// </summary>
    Task WaitReadyAsync(Instance instance, TimeSpan timeout, CancellationToken cancellationToken, string? healthPath = null);

    /// <summary>Runs <paramref name="command"/> once in a new instance of the spec's image (with its environment), to the end.</summary>
    Task<CommandResult> RunOnceAsync(InstanceSpec spec, string command, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Stops (SIGTERM, then SIGKILL after <paramref name="grace"/>) and removes the instance.</summary>
    Task RemoveAsync(Instance instance, TimeSpan grace, CancellationToken cancellationToken);

    /// <summary>Starts an existing instance again if it is not running (after a restart of the machine), and returns its endpoint.</summary>
    Task<Instance> EnsureRunningAsync(Instance instance, CancellationToken cancellationToken);

    /// <summary>Freezes a running instance (the fastest idle tier to come back from).</summary>
    Task PauseAsync(Instance instance, CancellationToken cancellationToken);

    /// <summary>Stops an instance but keeps it, so it starts again without being created (the second idle tier).</summary>
    Task StopAsync(Instance instance, TimeSpan grace, CancellationToken cancellationToken);

    /// <summary>Brings a paused or stopped instance back; returns it with its (possibly new) endpoint.</summary>
    Task<Instance> ResumeAsync(Instance instance, CancellationToken cancellationToken);

    /// <summary>One resource-use sample of a running instance, or null when the runtime cannot say.</summary>
    Task<ResourceUsage?> UsageAsync(Instance instance, CancellationToken cancellationToken);

    /// <summary>The app's instances, of every revision.</summary>
    Task<IReadOnlyList<Instance>> ListAsync(string app, CancellationToken cancellationToken);

    /// <summary>
    /// Removes everything the runtime holds for a deleted app: Docker, its containers of every revision (SIGTERM,
    /// <paramref name="grace"/>, SIGKILL); Kubernetes, every object made for it, found by its labels.
    /// </summary>
    Task DeleteAppAsync(string app, TimeSpan grace, CancellationToken cancellationToken);

    /// <summary>The last <paramref name="tail"/> lines of output of one instance.</summary>
    Task<string> LogsAsync(Instance instance, int tail, CancellationToken cancellationToken);
}
