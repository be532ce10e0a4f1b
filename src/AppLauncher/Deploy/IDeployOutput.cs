using AppLauncher.Build;

namespace AppLauncher.Deploy;

/// <summary>What the pusher sees while a deploy runs (streamed back as <c>remote:</c> lines): the build's output and errors.</summary>
public interface IDeployOutput : IBuildOutput
{
    /// <summary>An error: <c> !     text</c>.</summary>
    Task ErrorAsync(string text);
}
