using AppLauncher.Deploy;

namespace AppLauncher.Rebuilds;

/// <summary>
/// Where a rebuild's push-style output goes besides its build log (which <see cref="DeployService"/> writes): nowhere
/// but the first error line, which the rebuild's outcome and audit entry quote.
/// </summary>
internal sealed class RebuildOutput : IDeployOutput
{
    public string? LastError { get; private set; }

    public Task StepAsync(string text) => Task.CompletedTask;

    public Task LineAsync(string text) => Task.CompletedTask;

    public Task ErrorAsync(string text)
    {
        LastError ??= text;
        return Task.CompletedTask;
    }
}
