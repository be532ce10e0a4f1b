using AppLauncher.Apps;

namespace AppLauncher.Autoscaling;

/// <summary>Forgets a deleted app's policy and decider, so an app created again under its name starts from the defaults.</summary>
internal sealed class AutoscalingLifecycleHook(AutoscalingPolicies policies, AutoscalerService autoscaler) : IAppLifecycleHook
{
    public Task OnCreatedAsync(string app, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task OnDeletedAsync(string app, CancellationToken cancellationToken)
    {
        policies.Forget(app);
        autoscaler.PolicyChanged(app);
        return Task.CompletedTask;
    }
}
