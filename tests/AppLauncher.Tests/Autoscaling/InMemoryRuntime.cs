using AppLauncher.Runtime;

namespace AppLauncher.Tests.Autoscaling;

/// <summary>A runtime whose instances start at once and answer at one real loopback backend: server tests without Docker.</summary>
internal sealed class InMemoryRuntime : IRuntime
{
    private readonly List<Instance> _instances = [];
    private int _next;

    public Uri Endpoint { get; set; } = null!;

    public bool ManagesReplicas => false;

    /// <summary>Instances that exist now, of every app.</summary>
    public int Count
    {
        get
        {
            lock (_instances)
            {
                return _instances.Count;
            }
        }
    }

    public Task<Instance> StartAsync(InstanceSpec spec, CancellationToken cancellationToken)
    {
        var instance = new Instance($"i{Interlocked.Increment(ref _next)}", spec.App, spec.Revision, Endpoint, Running: true);
        lock (_instances)
        {
            _instances.Add(instance);
        }

        return Task.FromResult(instance);
    }

    public Task WaitReadyAsync(Instance instance, TimeSpan timeout, CancellationToken cancellationToken, string? healthPath = null) => Task.CompletedTask;

    public Task<CommandResult> RunOnceAsync(InstanceSpec spec, string command, TimeSpan timeout, CancellationToken cancellationToken) => Task.FromResult(new CommandResult(0, ""));

    public Task RemoveAsync(Instance instance, TimeSpan grace, CancellationToken cancellationToken)
    {
        lock (_instances)
        {
            _instances.RemoveAll(i => i.Id == instance.Id);
        }

        return Task.CompletedTask;
    }

    public Task<Instance> EnsureRunningAsync(Instance instance, CancellationToken cancellationToken) => Task.FromResult(instance with { Running = true, Paused = false });

    public Task PauseAsync(Instance instance, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(Instance instance, TimeSpan grace, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<Instance> ResumeAsync(Instance instance, CancellationToken cancellationToken) => Task.FromResult(instance with { Running = true, Paused = false });

    public Task<ResourceUsage?> UsageAsync(Instance instance, CancellationToken cancellationToken) => Task.FromResult<ResourceUsage?>(null);

    public Task<IReadOnlyList<Instance>> ListAsync(string app, CancellationToken cancellationToken)
    {
        lock (_instances)
        {
            return Task.FromResult<IReadOnlyList<Instance>>([.. _instances.Where(i => i.App == app)]);
        }
    }

    public Task DeleteAppAsync(string app, TimeSpan grace, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<string> LogsAsync(Instance instance, int tail, CancellationToken cancellationToken) => Task.FromResult("");
}
