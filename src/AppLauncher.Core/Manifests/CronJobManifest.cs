namespace AppLauncher.Core.Manifests;

/// <summary>Makes one CronJob (batch/v1) per app cron job.</summary>
public static class CronJobManifest
{
    /// <summary>Runs <paramref name="job"/>'s command in the app's image on its schedule; whether a run may overlap the previous one is the job's <c>concurrencyPolicy</c>.</summary>
    public static OrderedDictionary<string, object?> MakeCronJob(ManifestInput input, CronJobSettings job)
    {
        var cronJob = ObjectMetadata.Head("batch/v1", "CronJob", ManifestNames.CronJob(input.App, job.Name), input, ManifestNames.CronJobComponent);

        var container = PodSpecManifest.MakeContainer(input);
        container["command"] = new List<object?> { "/bin/sh", "-c", job.Command };

        cronJob["spec"] = new OrderedDictionary<string, object?>
        {
            ["schedule"] = job.Schedule,
            ["timeZone"] = job.TimeZone,
            ["concurrencyPolicy"] = job.ConcurrencyPolicy,
            ["startingDeadlineSeconds"] = 300,
            ["successfulJobsHistoryLimit"] = 3,
            ["failedJobsHistoryLimit"] = 3,
            ["jobTemplate"] = new OrderedDictionary<string, object?>
            {
                ["spec"] = new OrderedDictionary<string, object?>
                {
                    ["backoffLimit"] = 2,
                    ["activeDeadlineSeconds"] = job.TimeoutSeconds,
                    ["ttlSecondsAfterFinished"] = 86400,
                    ["template"] = new OrderedDictionary<string, object?>
                    {
                        ["metadata"] = new OrderedDictionary<string, object?>
                        {
                            ["labels"] = ManifestNames.Labels(input, ManifestNames.CronJobComponent),
                            ["annotations"] = ManifestNames.Annotations(input),
                        },
                        ["spec"] = PodSpecManifest.MakePodSpec(input, container, restartPolicy: "Never"),
                    },
                },
            },
        };
        return cronJob;
    }
}
