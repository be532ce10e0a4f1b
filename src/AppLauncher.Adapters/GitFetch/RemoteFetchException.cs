namespace AppLauncher.GitFetch;

/// <summary>A fetch that failed: the message names the remote and what went wrong (never the credentials).</summary>
public sealed class RemoteFetchException(string message) : Exception(message);
