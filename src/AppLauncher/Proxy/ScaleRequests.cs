using System.Threading.Channels;

namespace AppLauncher.Proxy;

/// <summary>
/// Revisions the activator wants an instance of now (a request is held for a revision at zero): the activator writes,
/// the autoscaler reads and decides at once instead of at its next tick. Bounded: when full, a request is dropped,
/// and the autoscaler's next tick (every 2 s) sees the held request anyway.
/// </summary>
public sealed class ScaleRequests
{
    public const int Capacity = 1024;

    private readonly Channel<string> _channel = Channel.CreateBounded<string>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    /// <summary>Asks for an instance of <paramref name="revision"/> without waiting for the next tick.</summary>
    public void Request(string revision) => _channel.Writer.TryWrite(revision);

    /// <summary>What the autoscaler reads.</summary>
    public ChannelReader<string> Reader => _channel.Reader;
}
