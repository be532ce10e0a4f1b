namespace AppLauncher.Store;

/// <summary>The store cannot be used as it is: unreachable, or its schema is newer than this binary. The message says which and what to do.</summary>
/// <param name="unavailable">True when the database could not be reached: waiting (and retrying) may help; otherwise it will not.</param>
public sealed class StoreException(string message, Exception? inner = null, bool unavailable = false) : Exception(message, inner)
{
    /// <summary>The database could not be reached (down, restarting, network): the same call may succeed later.</summary>
    public bool Unavailable { get; } = unavailable;
}
