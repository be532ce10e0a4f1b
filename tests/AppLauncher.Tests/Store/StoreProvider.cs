using AppLauncher.Store;

namespace AppLauncher.Tests.Store;

/// <summary>One empty database of one provider, for one test: the store contract tests run the same cases on each.</summary>
public abstract class StoreProvider : IAsyncDisposable
{
    /// <summary>Makes the empty database.</summary>
    public virtual Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Where the store's secrets key lives (outside the database).</summary>
    public abstract string KeyPath { get; }

    /// <summary>A new store on this database (not migrated): a second call is what a second server, or a restart, sees.</summary>
    internal abstract IStore Create();

    /// <summary>A new store on this database whose secrets key is <paramref name="keyPath"/>: another server (a replica) with its own key file.</summary>
    internal abstract IStore Create(string keyPath);

    /// <summary>Runs SQL on the database behind the store's back (to set up what an older or newer binary left).</summary>
    public abstract Task ExecuteAsync(string sql);

    /// <summary>The one number a query behind the store's back returns.</summary>
    public abstract Task<long> CountAsync(string sql);

    /// <summary>Every byte the database keeps on disk (data files and write-ahead log), after flushing what is in memory.</summary>
    public abstract Task<byte[]> ReadBytesAtRestAsync();

    public abstract ValueTask DisposeAsync();
}
