namespace AppLauncher.Core.Manifests;

/// <summary>All of an app's manifests, in the order they apply (an object before the objects that refer to it).</summary>
public static class AppManifests
{
    public static ManifestSet Make(ManifestInput input)
    {
        var objects = new List<OrderedDictionary<string, object?>>
        {
            ServiceAccountManifest.MakeServiceAccount(input),
            DeploymentManifest.MakeDeployment(input),
            ServiceManifest.MakeService(input),
            HorizontalPodAutoscalerManifest.MakeHorizontalPodAutoscaler(input),
        };
        if (PodDisruptionBudgetManifest.IsNeeded(input))
        {
            objects.Add(PodDisruptionBudgetManifest.MakePodDisruptionBudget(input));
        }

        if (input.NetworkPolicy)
        {
            objects.Add(NetworkPolicyManifest.MakeNetworkPolicy(input));
        }

        objects.AddRange(input.Processes.Select(process => ProcessDeploymentManifest.MakeProcessDeployment(input, process)));
        objects.AddRange(input.CronJobs.Select(job => CronJobManifest.MakeCronJob(input, job)));
        return new ManifestSet(objects, HorizontalPodAutoscalerManifest.Unexpressed(input.Autoscaling));
    }
}
