namespace AppLauncher.Core.Config;

/// <summary>The git endpoints: how much a push may send.</summary>
public sealed class GitConfig
{
    /// <summary>
    /// The largest request body a push may send (the packfile to <c>git-receive-pack</c>, and the source tar the hook
    /// sends to deploy), in bytes; 512 MiB by default. API endpoints have their own, small limit.
    /// </summary>
    public long MaxPushBytes { get; set; } = 512L * 1024 * 1024;
}
