namespace AppLauncher.Apps;

/// <summary>
/// Told when an app is created (its first push, or <c>POST /api/apps</c>), while it is being deleted and after. Every
/// registered hook is called; a hook's failure is logged and does not undo the creation or deletion, so hooks that talk
/// to other systems (DNS registration…) queue their work and retry on their own. The stages that keep something per app
/// (the proxy's routes, the git repository, the autoscaler's state) clean up here, so app deletion needs none of them.
/// </summary>
public interface IAppLifecycleHook
{
    Task OnCreatedAsync(string app, CancellationToken cancellationToken);

    /// <summary>The app is going: called under its lock, before its instances are removed (stop sending it work).</summary>
    Task OnDeletingAsync(string app, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The app is gone: its instances and its rows in the store.</summary>
    Task OnDeletedAsync(string app, CancellationToken cancellationToken);

    /// <summary>
    /// The app's host changed from <paramref name="oldHost"/> to <paramref name="newHost"/> (its team opted in to or
    /// out of team domains): what was made for the old name (DNS records, certificates) follows to the new one.
    /// </summary>
    Task OnHostChangedAsync(string app, string oldHost, string newHost, CancellationToken cancellationToken) => Task.CompletedTask;
}
