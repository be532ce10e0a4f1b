using AppLauncher.Apps;

namespace AppLauncher.Git;

/// <summary>A deleted app's repository goes with it, so an app created again under its name starts empty.</summary>
internal sealed class GitLifecycleHook(GitRepositories repositories) : IAppLifecycleHook
{
    public Task OnCreatedAsync(string app, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task OnDeletedAsync(string app, CancellationToken cancellationToken)
    {
        repositories.Delete(app);
        return Task.CompletedTask;
    }
}
