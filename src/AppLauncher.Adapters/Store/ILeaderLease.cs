namespace AppLauncher.Store;

/// <summary>
/// Which replica runs the singletons (autoscaler loop, DNS registrar, GC, certificates, polls): the one that holds the
/// lease. A SQLite store has one server, which always holds it; on PostgreSQL replicas take it in turn.
/// </summary>
public interface ILeaderLease
{
    /// <summary>True when no other server can share the store (SQLite): the lease is held from the start and never lost.</summary>
    bool Sole { get; }

    /// <summary>Whether this server holds the lease now.</summary>
    bool IsLeader { get; }

    /// <summary>Completes once this server holds the lease.</summary>
    Task WaitAcquiredAsync(CancellationToken cancellationToken);

    /// <summary>Completes once this server has lost the lease it holds (its connection to the database broke).</summary>
    Task WaitLostAsync(CancellationToken cancellationToken);
}
