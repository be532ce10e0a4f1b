namespace AppLauncher.Runtime;

/// <summary>A one-off run (<c>launcher run</c>): a container of a revision's image running one command, listed while it runs.</summary>
/// <param name="State"><c>starting</c> (created, not yet started), <c>running</c>, or <c>ended</c>.</param>
public sealed record RunInstance(string Id, string App, string Revision, string Command, string State, DateTimeOffset? StartedAt);

/// <summary>One piece of a run's output, as the command wrote it: <see cref="Stream"/> is <c>stdout</c> or <c>stderr</c>.</summary>
public sealed record RunOutput(string Stream, string Text);

/// <summary>Where one-off commands run in an app's image, with its environment and the containment of its instances.</summary>
public interface IRunRuntime
{
    /// <summary>Whether a run can take standard input (<c>launcher run -i</c>); false: asking for it is refused up front.</summary>
    bool AcceptsInput { get; }

    /// <summary>True when the runtime runs the apps' cron jobs itself (Kubernetes CronJobs): AppLauncher's scheduler then does not.</summary>
    bool RunsCronJobs { get; }

    /// <summary>
    /// Runs <paramref name="command"/> (an argument vector, no shell) to its end, passing its output to
    /// <paramref name="output"/> as it comes and <paramref name="stdin"/> (when given) to its input; removes the container
    /// afterwards, also when cancelled. <paramref name="started"/> gets the container's id once it runs. Returns the exit code.
    /// </summary>
    Task<int> RunAsync(InstanceSpec spec, IReadOnlyList<string> command, Stream? stdin, Func<string, Task> started, Func<RunOutput, Task> output, CancellationToken cancellationToken);

    /// <summary>Starts <paramref name="command"/> and leaves it running; its container (and output) stays after it ends, until garbage collection.</summary>
    Task<RunInstance> StartDetachedAsync(InstanceSpec spec, IReadOnlyList<string> command, CancellationToken cancellationToken);

    /// <summary>The app's one-off runs, running or ended (detached ones are kept after they end).</summary>
    Task<IReadOnlyList<RunInstance>> ListRunsAsync(string app, CancellationToken cancellationToken);

    /// <summary>The last <paramref name="tail"/> lines of a run's output.</summary>
    Task<string> RunLogsAsync(RunInstance run, int tail, CancellationToken cancellationToken);
}
