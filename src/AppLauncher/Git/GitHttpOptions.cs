namespace AppLauncher.Git;

/// <summary>What the git endpoints and the hook need to know about the server.</summary>
internal sealed class GitHttpOptions
{
    /// <summary>The loopback URL the pre-receive hook posts the pushed source to.</summary>
    public required Uri HookUrl { get; init; }

    /// <summary>A secret for this server process only, given to the hook through its environment.</summary>
    public required string HookToken { get; init; }

    public required string DeployBranch { get; init; }
}
