namespace AppLauncher.Build;

/// <summary>A build failed; <see cref="Exception.Message"/> says which step and why, for the pusher.</summary>
public sealed class BuildFailedException(string message, IReadOnlyList<string> logTail) : Exception(message)
{
    /// <summary>The last lines of the build output.</summary>
    public IReadOnlyList<string> LogTail { get; } = logTail;
}
