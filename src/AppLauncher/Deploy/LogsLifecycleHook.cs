using AppLauncher.Apps;
using AppLauncher.Observability.Logs;

namespace AppLauncher.Deploy;

/// <summary>A deleted app's output and build logs go with it, so an app created again under its name starts with none.</summary>
internal sealed class LogsLifecycleHook(AppLogStore logs) : IAppLifecycleHook
{
    public Task OnCreatedAsync(string app, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task OnDeletedAsync(string app, CancellationToken cancellationToken)
    {
        logs.Delete(app);
        return Task.CompletedTask;
    }
}
