namespace AppLauncher.Apps;

/// <summary>
/// Told when an app is created (its first push, or <c>POST /api/apps</c>) and after it is deleted. Every registered
/// hook is called; a hook's failure is logged and does not undo the creation or deletion, so hooks that talk to
/// other systems (DNS registration…) queue their work and retry on their own.
/// </summary>
public interface IAppLifecycleHook
{
    Task OnCreatedAsync(string app, CancellationToken cancellationToken);

    Task OnDeletedAsync(string app, CancellationToken cancellationToken);
}
