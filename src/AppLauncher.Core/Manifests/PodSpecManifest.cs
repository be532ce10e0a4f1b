namespace AppLauncher.Core.Manifests;

/// <summary>The pod spec shared by the app's Deployment and its CronJobs: hardened, with the app's image and env.</summary>
internal static class PodSpecManifest
{
    private const string TmpVolume = "tmp";

    public static OrderedDictionary<string, object?> MakePodSpec(
        ManifestInput input, OrderedDictionary<string, object?> container, string? restartPolicy)
    {
        var spec = new OrderedDictionary<string, object?>();
        if (restartPolicy is not null)
        {
            spec["restartPolicy"] = restartPolicy;
        }

        spec["serviceAccountName"] = ManifestNames.ServiceAccount(input.App);
        spec["automountServiceAccountToken"] = false;
        // Service links put a variable per Service of the namespace into the app's environment: noise, and a start-up
        // cost in large namespaces.
        spec["enableServiceLinks"] = false;
        spec["securityContext"] = new OrderedDictionary<string, object?>
        {
            ["runAsNonRoot"] = true,
            ["runAsUser"] = input.RunAsUser,
            ["runAsGroup"] = input.RunAsUser,
            ["seccompProfile"] = new OrderedDictionary<string, object?> { ["type"] = "RuntimeDefault" },
        };
        spec["containers"] = new List<object?> { container };
        if (input.ReadOnlyRootFilesystem)
        {
            spec["volumes"] = new List<object?>
            {
                new OrderedDictionary<string, object?>
                {
                    ["name"] = TmpVolume,
                    ["emptyDir"] = new OrderedDictionary<string, object?>(),
                },
            };
        }

        return spec;
    }

    /// <summary>The app's container without ports or probes (a CronJob's container is this).</summary>
    public static OrderedDictionary<string, object?> MakeContainer(ManifestInput input)
    {
        var env = new List<object?> { EnvVar("PORT", input.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)) };
        env.AddRange(input.Env.Where(e => e.Key != "PORT").OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => (object?)EnvVar(e.Key, e.Value)));

        var container = new OrderedDictionary<string, object?>
        {
            ["name"] = ManifestNames.Container,
            ["image"] = input.Image,
            ["imagePullPolicy"] = "IfNotPresent",
            ["env"] = env,
            ["resources"] = new OrderedDictionary<string, object?>
            {
                ["requests"] = new OrderedDictionary<string, object?>
                {
                    ["cpu"] = input.Resources.CpuRequest,
                    ["memory"] = input.Resources.MemoryRequest,
                },
                ["limits"] = new OrderedDictionary<string, object?>
                {
                    ["cpu"] = input.Resources.CpuLimit,
                    ["memory"] = input.Resources.MemoryLimit,
                },
            },
            ["securityContext"] = new OrderedDictionary<string, object?>
            {
                ["allowPrivilegeEscalation"] = false,
                ["readOnlyRootFilesystem"] = input.ReadOnlyRootFilesystem,
                ["capabilities"] = new OrderedDictionary<string, object?> { ["drop"] = new List<object?> { "ALL" } },
            },
        };
        if (input.ReadOnlyRootFilesystem)
        {
            container["volumeMounts"] = new List<object?>
            {
                new OrderedDictionary<string, object?> { ["name"] = TmpVolume, ["mountPath"] = "/tmp" },
            };
        }

        return container;
    }

    private static OrderedDictionary<string, object?> EnvVar(string name, string value) => new()
    {
        ["name"] = name,
        ["value"] = value,
    };
}
