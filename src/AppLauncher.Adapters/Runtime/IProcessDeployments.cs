namespace AppLauncher.Runtime;

/// <summary>
/// Where each non-web process type is a workload the runtime itself keeps at its count (Kubernetes: one Deployment per
/// type, whose pods the kubelet restarts with its own back-off), so AppLauncher only sets the count and reads the pods;
/// <see cref="IProcessRuntime"/> is the other way, one instance at a time.
/// </summary>
public interface IProcessDeployments
{
    /// <summary>Sets the type's replicas (the Deployment's <c>/scale</c>); the rollout and the pods are the cluster's.</summary>
    Task ScaleProcessAsync(string app, string type, int replicas, CancellationToken cancellationToken);

    /// <summary>The pods of the app's process types (not web's, nor runs'), running or not, with their restarts.</summary>
    Task<IReadOnlyList<ProcessInstance>> ListProcessPodsAsync(string app, CancellationToken cancellationToken);
}
