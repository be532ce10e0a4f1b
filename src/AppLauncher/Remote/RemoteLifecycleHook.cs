using AppLauncher.Apps;

namespace AppLauncher.Remote;

/// <summary>A deleted app stops polling and its remote log goes (the store forgets its remote with the app).</summary>
internal sealed class RemoteLifecycleHook(RemotePolls polls, RemoteLogs logs) : IAppLifecycleHook
{
    public Task OnCreatedAsync(string app, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task OnDeletedAsync(string app, CancellationToken cancellationToken)
    {
        await polls.UnscheduleAsync(app, cancellationToken);
        logs.Forget(app);
    }
}
