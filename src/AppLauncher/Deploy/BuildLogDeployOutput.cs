using AppLauncher.Observability.Logs;

namespace AppLauncher.Deploy;

/// <summary>Passes deploy output on to the pusher and writes it to the build's log too, once the build has one.</summary>
internal sealed class BuildLogDeployOutput(IDeployOutput inner) : IDeployOutput
{
    /// <summary>The build's log; null before the build is recorded.</summary>
    public BuildLogWriter? Log { get; set; }

    public Task StepAsync(string text)
    {
        Log?.Write("-----> ", text);
        return inner.StepAsync(text);
    }

    public Task LineAsync(string text)
    {
        Log?.Write("       ", text);
        return inner.LineAsync(text);
    }

    public Task ErrorAsync(string text)
    {
        Log?.Write(" !     ", text);
        return inner.ErrorAsync(text);
    }
}
