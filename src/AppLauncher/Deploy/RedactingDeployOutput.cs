using AppLauncher.Security;

namespace AppLauncher.Deploy;

/// <summary>
/// Masks the app's secret config values in everything a deploy shows the pusher: the app's own output when it fails
/// to start, a release command's output, build log tails. The secrets are read once, when the deploy starts.
/// </summary>
internal sealed class RedactingDeployOutput(IDeployOutput inner, IReadOnlyList<string> secrets) : IDeployOutput
{
    public Task StepAsync(string text) => inner.StepAsync(Redact(text));

    public Task LineAsync(string text) => inner.LineAsync(Redact(text));

    public Task ErrorAsync(string text) => inner.ErrorAsync(Redact(text));

    private string Redact(string text) => secrets.Count == 0 ? text : SecretRedactor.Redact(text, secrets);
}
