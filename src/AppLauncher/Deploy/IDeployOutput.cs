namespace AppLauncher.Deploy;

/// <summary>What the pusher sees while a deploy runs (streamed back as <c>remote:</c> lines).</summary>
public interface IDeployOutput
{
    /// <summary>A stage heading: <c>-----> Building image</c>.</summary>
    Task StepAsync(string text);

    /// <summary>An indented detail line under the current stage.</summary>
    Task LineAsync(string text);

    /// <summary>An error: <c> !     text</c>.</summary>
    Task ErrorAsync(string text);
}
