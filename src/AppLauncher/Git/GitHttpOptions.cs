namespace AppLauncher.Git;

/// <summary>What the git endpoints and the hook need to know about the server.</summary>
internal sealed class GitHttpOptions
{
    /// <summary>The loopback URL the pre-receive hook posts the pushed source to.</summary>
    public required Uri HookUrl { get; init; }

    /// <summary>The largest body a push (receive-pack's packfile, the hook's source tar) may send: <c>git.maxPushBytes</c>.</summary>
    public required long MaxPushBytes { get; init; }

    public required string DeployBranch { get; init; }
}
