namespace AppLauncher.GitFetch;

/// <summary>A fetch's outcome: the remote's refs (full ref → commit), and an SSH host key trusted on first use, to pin from now on.</summary>
public sealed record FetchResult(IReadOnlyDictionary<string, string> Refs, SshHostKey? LearnedHostKey = null);
