namespace AppLauncher.Proxy;

/// <summary>One instance the proxy can send requests to, with its count of requests in flight.</summary>
public sealed class InstanceEndpoint(string instanceId, Uri address)
{
    private int _inFlight;

    public string InstanceId { get; } = instanceId;

    public Uri Address { get; } = address;

    public int InFlight => Volatile.Read(ref _inFlight);

    internal void Enter() => Interlocked.Increment(ref _inFlight);

    internal void Exit() => Interlocked.Decrement(ref _inFlight);
}
