namespace AppLauncher.Store;

/// <summary>The store cannot be used as it is: unreachable, or its schema is newer than this binary. The message says which and what to do.</summary>
public sealed class StoreException(string message, Exception? inner = null) : Exception(message, inner);
