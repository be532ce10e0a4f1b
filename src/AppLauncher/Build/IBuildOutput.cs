namespace AppLauncher.Build;

/// <summary>Where a build reports its progress: what it detected, each build step, the image it made.</summary>
public interface IBuildOutput
{
    /// <summary>A stage heading: <c>-----> Building image</c>.</summary>
    Task StepAsync(string text);

    /// <summary>An indented detail line under the current stage.</summary>
    Task LineAsync(string text);
}
