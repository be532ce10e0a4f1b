namespace AppLauncher.Runtime;

/// <summary>
/// One instance of a non-web process type (a worker): a container of the revision's image running the type's command,
/// with no port published and no route. <see cref="ExitCode"/> is set once it ended (on Kubernetes: its last run's, while
/// the kubelet restarts it); <see cref="Restarts"/> counts the kubelet's restarts of a pod (Docker: always 0, the supervisor counts).
/// </summary>
public sealed record ProcessInstance(string Id, string App, string Revision, string Type, bool Running, DateTimeOffset? StartedAt, int? ExitCode = null, bool OutOfMemory = false, int Restarts = 0);

/// <summary>
/// Where non-web process types run (Docker: one container per instance). Kept apart from <see cref="IRuntime"/>: web
/// instances are routed and autoscaled, these are counted and replaced, and neither machinery sees the other's.
/// </summary>
public interface IProcessRuntime
{
    /// <summary>Creates and starts one instance of <paramref name="type"/> running <paramref name="command"/> (through <c>/bin/sh -c</c>) from the spec's image and environment.</summary>
    Task<ProcessInstance> StartProcessAsync(InstanceSpec spec, string type, string command, CancellationToken cancellationToken);

    /// <summary>The process instances of <paramref name="app"/>, or of every app when it is null, running or ended.</summary>
    Task<IReadOnlyList<ProcessInstance>> ListProcessesAsync(string? app, CancellationToken cancellationToken);

    /// <summary>SIGTERM, then SIGKILL after <paramref name="grace"/>, then removed.</summary>
    Task RemoveProcessAsync(ProcessInstance process, TimeSpan grace, CancellationToken cancellationToken);

    /// <summary>The last <paramref name="tail"/> lines of its output.</summary>
    Task<string> ProcessLogsAsync(ProcessInstance process, int tail, CancellationToken cancellationToken);
}
