using AppLauncher.Apps;

namespace AppLauncher.Acme;

/// <summary>
/// A new app (or one whose host changed with its team's domains) wakes the certificate manager, so its certificate is
/// ordered before traffic needs it; a deleted one's (or the old host's) goes.
/// </summary>
internal sealed class AcmeLifecycleHook(CertificateManager manager) : IAppLifecycleHook
{
    public Task OnCreatedAsync(string app, CancellationToken cancellationToken)
    {
        manager.Wake();
        return Task.CompletedTask;
    }

    public Task OnDeletedAsync(string app, CancellationToken cancellationToken)
    {
        manager.Wake();
        return Task.CompletedTask;
    }

    public Task OnHostChangedAsync(string app, string oldHost, string newHost, CancellationToken cancellationToken)
    {
        manager.Wake();
        return Task.CompletedTask;
    }
}
