namespace AppLauncher.Store;

/// <summary>The lease of a server alone on its store (SQLite in its data directory): held from the start, never lost.</summary>
internal sealed class SoleLeaderLease : ILeaderLease
{
    public bool Sole => true;

    public bool IsLeader => true;

    public Task WaitAcquiredAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task WaitLostAsync(CancellationToken cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken);
}
