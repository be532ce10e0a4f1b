namespace AppLauncher.Build;

/// <summary>A build failed; <see cref="Exception.Message"/> says why, for the pusher, and <see cref="Step"/> where.</summary>
public sealed class BuildFailedException(string message, IReadOnlyList<string> logTail, string? step = null) : Exception(message)
{
    /// <summary>The build step that failed (<c>Step 6/20 : RUN npm ci</c>), when the failure is in a step.</summary>
    public string? Step { get; } = step;

    /// <summary>The last lines of the build output.</summary>
    public IReadOnlyList<string> LogTail { get; } = logTail;
}
