using AppLauncher.Apps;

namespace AppLauncher.Runtime;

/// <summary>
/// Deletes a deleted app's Kubernetes objects (every kind AppLauncher made for it, found by its labels), so nothing of
/// it keeps running, scaling or holding a name in the team's namespace. Registered only with <c>runtime: kubernetes</c>.
/// </summary>
internal sealed class KubernetesLifecycleHook(KubernetesRuntime runtime) : IAppLifecycleHook
{
    /// <summary>Nothing to do: the objects are applied by the app's first deploy.</summary>
    public Task OnCreatedAsync(string app, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task OnDeletedAsync(string app, CancellationToken cancellationToken) => runtime.DeleteAppAsync(app, cancellationToken);
}
