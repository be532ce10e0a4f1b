namespace AppLauncher.Core.Manifests;

/// <summary>Makes the app's Deployment (apps/v1).</summary>
public static class DeploymentManifest
{
    private const int StartupPeriodSeconds = 2;

    /// <summary>
    /// The Deployment of the app's current revision. <c>replicas</c> is left out on purpose: the HPA and the proxy's
    /// <c>/scale</c> calls own it, and a server-side apply that set it would undo their decisions on every deploy.
    /// </summary>
    public static OrderedDictionary<string, object?> MakeDeployment(ManifestInput input)
    {
        var deployment = ObjectMetadata.Head("apps/v1", "Deployment", ManifestNames.Workload(input.App), input, ManifestNames.WebComponent);

        var container = PodSpecManifest.MakeContainer(input);
        container["ports"] = new List<object?>
        {
            new OrderedDictionary<string, object?>
            {
                ["name"] = ManifestNames.PortName,
                ["containerPort"] = input.Port,
                ["protocol"] = "TCP",
            },
        };
        container["startupProbe"] = Probe(input, StartupPeriodSeconds, Math.Max(1, input.StartupTimeoutSeconds / StartupPeriodSeconds));
        container["readinessProbe"] = Probe(input, periodSeconds: 5, failureThreshold: 3);
        container["livenessProbe"] = Probe(input, periodSeconds: 10, failureThreshold: 3);
        // The endpoint controller and the proxies take a moment to drop a terminating pod; sleeping first means
        // requests routed in that moment are still served instead of refused.
        container["lifecycle"] = new OrderedDictionary<string, object?>
        {
            ["preStop"] = new OrderedDictionary<string, object?>
            {
                ["sleep"] = new OrderedDictionary<string, object?> { ["seconds"] = input.PreStopSleepSeconds },
            },
        };

        var podSpec = PodSpecManifest.MakePodSpec(input, container, restartPolicy: null);
        podSpec["terminationGracePeriodSeconds"] = input.TerminationGracePeriodSeconds;

        deployment["spec"] = new OrderedDictionary<string, object?>
        {
            ["revisionHistoryLimit"] = input.RevisionHistoryLimit,
            ["progressDeadlineSeconds"] = Math.Max(600, input.StartupTimeoutSeconds * 2),
            ["selector"] = new OrderedDictionary<string, object?> { ["matchLabels"] = ManifestNames.Selector(input.App) },
            ["strategy"] = new OrderedDictionary<string, object?>
            {
                ["type"] = "RollingUpdate",
                // Never below the current capacity during a rollout: new pods first, old ones after they are ready.
                ["rollingUpdate"] = new OrderedDictionary<string, object?> { ["maxUnavailable"] = 0, ["maxSurge"] = "25%" },
            },
            ["template"] = new OrderedDictionary<string, object?>
            {
                ["metadata"] = new OrderedDictionary<string, object?>
                {
                    ["labels"] = ManifestNames.Labels(input, ManifestNames.WebComponent),
                    ["annotations"] = ManifestNames.Annotations(input),
                },
                ["spec"] = podSpec,
            },
        };
        return deployment;
    }

    private static OrderedDictionary<string, object?> Probe(ManifestInput input, int periodSeconds, int failureThreshold)
    {
        var probe = new OrderedDictionary<string, object?>();
        if (input.HealthCheckPath is { } path)
        {
            probe["httpGet"] = new OrderedDictionary<string, object?> { ["path"] = path, ["port"] = ManifestNames.PortName };
        }
        else
        {
            probe["tcpSocket"] = new OrderedDictionary<string, object?> { ["port"] = ManifestNames.PortName };
        }

        probe["periodSeconds"] = periodSeconds;
        probe["timeoutSeconds"] = 2;
        probe["failureThreshold"] = failureThreshold;
        return probe;
    }
}
