namespace AppLauncher.Core.Manifests;

/// <summary>Makes the Deployment (apps/v1) of one non-web process type: no Service, no probes on a port, no HPA.</summary>
public static class ProcessDeploymentManifest
{
    /// <summary>
    /// The type's pods run its command from the revision's image with the app's environment and hardening. Unlike the
    /// web Deployment, <c>replicas</c> is set: nothing else scales a worker, so the count AppLauncher was given is the
    /// count. Nothing routes to it, so it gets no port, no Service and no readiness probe; the kubelet restarts a pod
    /// that exits, with its own back-off.
    /// </summary>
    public static OrderedDictionary<string, object?> MakeProcessDeployment(ManifestInput input, ProcessSettings process)
    {
        var deployment = ObjectMetadata.Head("apps/v1", "Deployment", ManifestNames.ProcessWorkload(input.App, process.Type), input, process.Type);

        var container = PodSpecManifest.MakeContainer(input);
        container["command"] = new List<object?> { "/bin/sh", "-c", process.Command };
        var podSpec = PodSpecManifest.MakePodSpec(input, container, restartPolicy: null);
        podSpec["terminationGracePeriodSeconds"] = input.TerminationGracePeriodSeconds;

        deployment["spec"] = new OrderedDictionary<string, object?>
        {
            ["replicas"] = process.Replicas,
            ["revisionHistoryLimit"] = input.RevisionHistoryLimit,
            ["selector"] = new OrderedDictionary<string, object?> { ["matchLabels"] = ManifestNames.ProcessSelector(input.App, process.Type) },
            ["strategy"] = new OrderedDictionary<string, object?>
            {
                ["type"] = "RollingUpdate",
                ["rollingUpdate"] = new OrderedDictionary<string, object?> { ["maxUnavailable"] = 0, ["maxSurge"] = 1 },
            },
            ["template"] = new OrderedDictionary<string, object?>
            {
                ["metadata"] = new OrderedDictionary<string, object?>
                {
                    ["labels"] = ManifestNames.Labels(input, process.Type),
                    ["annotations"] = ManifestNames.Annotations(input),
                },
                ["spec"] = podSpec,
            },
        };
        return deployment;
    }
}
