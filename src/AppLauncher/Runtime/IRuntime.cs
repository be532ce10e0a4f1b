namespace AppLauncher.Runtime;

/// <summary>What to run: one instance of a revision.</summary>
public sealed record InstanceSpec(string App, string Revision, string Image, IReadOnlyDictionary<string, string> Env, int Port);

/// <summary>A running (or stopped) instance of a revision, reachable at <see cref="Endpoint"/> on loopback.</summary>
public sealed record Instance(string Id, string App, string Revision, Uri? Endpoint, bool Running);

/// <summary>An instance that did not become ready: the message says why; <see cref="Logs"/> holds its last output.</summary>
public sealed class InstanceNotReadyException(string message, string logs) : Exception(message)
{
    public string Logs { get; } = logs;
}

/// <summary>Where app instances run. The proxy and the deployer do not know which runtime it is.</summary>
public interface IRuntime
{
    /// <summary>Creates and starts one instance.</summary>
    Task<Instance> StartAsync(InstanceSpec spec, CancellationToken cancellationToken);

    /// <summary>Waits until the instance answers on its port; throws <see cref="InstanceNotReadyException"/> otherwise.</summary>
    Task WaitReadyAsync(Instance instance, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Stops (SIGTERM, then SIGKILL after <paramref name="grace"/>) and removes the instance.</summary>
    Task RemoveAsync(Instance instance, TimeSpan grace, CancellationToken cancellationToken);

    /// <summary>Starts an existing instance again if it is not running (after a restart of the machine), and returns its endpoint.</summary>
    Task<Instance> EnsureRunningAsync(Instance instance, CancellationToken cancellationToken);

    /// <summary>The app's instances, of every revision.</summary>
    Task<IReadOnlyList<Instance>> ListAsync(string app, CancellationToken cancellationToken);

    /// <summary>The last <paramref name="tail"/> lines of output of one instance.</summary>
    Task<string> LogsAsync(Instance instance, int tail, CancellationToken cancellationToken);
}
