namespace AppLauncher.Core.Manifests;

/// <summary>Makes a Job (batch/v1) that runs one command once in the app's image: a release command, or a one-off run.</summary>
public static class JobManifest
{
    /// <summary>How long a finished Job (and its pod, with its logs) stays before the cluster removes it.</summary>
    public const int TtlSecondsAfterFinished = 3600;

    /// <summary>
    /// Runs <paramref name="command"/> (an argument vector) once, in a pod like the app's (same image, env, containment),
    /// never retried (<c>backoffLimit: 0</c>: a release command or a run is not repeated behind the user's back), ended by
    /// the cluster after <paramref name="activeDeadlineSeconds"/>.
    /// </summary>
    public static OrderedDictionary<string, object?> MakeJob(ManifestInput input, string name, string component, IReadOnlyList<string> command, long activeDeadlineSeconds)
    {
        var job = ObjectMetadata.Head("batch/v1", "Job", name, input, component);
        var annotations = (OrderedDictionary<string, object?>)((OrderedDictionary<string, object?>)job["metadata"]!)["annotations"]!;
        annotations[ManifestNames.CommandAnnotation] = string.Join(' ', command);

        var container = PodSpecManifest.MakeContainer(input);
        container["command"] = command.Cast<object?>().ToList();
        job["spec"] = new OrderedDictionary<string, object?>
        {
            ["backoffLimit"] = 0,
            ["activeDeadlineSeconds"] = activeDeadlineSeconds,
            ["ttlSecondsAfterFinished"] = TtlSecondsAfterFinished,
            ["template"] = new OrderedDictionary<string, object?>
            {
                ["metadata"] = new OrderedDictionary<string, object?>
                {
                    ["labels"] = ManifestNames.Labels(input, component),
                    ["annotations"] = ManifestNames.Annotations(input),
                },
                ["spec"] = PodSpecManifest.MakePodSpec(input, container, restartPolicy: "Never"),
            },
        };
        return job;
    }
}
