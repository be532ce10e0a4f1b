using AppLauncher.Apps;

namespace AppLauncher.Remote;

/// <summary>A deleted app stops polling and its remote log goes (the store forgets its remote with the app).</summary>
internal sealed class RemoteLifecycleHook(RemotePolls polls, RemoteDeployer deployer) : IAppLifecycleHook
{
    public Task OnCreatedAsync(string app, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task OnDeletedAsync(string app, CancellationToken cancellationToken)
    {
        await polls.UnscheduleAsync(app, cancellationToken);
        deployer.Forget(app);
    }
}
