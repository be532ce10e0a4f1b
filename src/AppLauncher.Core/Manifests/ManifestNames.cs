namespace AppLauncher.Core.Manifests;

/// <summary>Every name, label and annotation key of the Kubernetes objects AppLauncher makes, in one place.</summary>
public static class ManifestNames
{
    /// <summary>The team of apps that name none.</summary>
    public const string DefaultTeam = "apps";

    /// <summary>The namespace AppLauncher itself (its proxy) runs in.</summary>
    public const string PlatformNamespace = "applauncher";

    /// <summary>The server-side apply field manager.</summary>
    public const string FieldManager = "applauncher";

    /// <summary>The app's container in every pod.</summary>
    public const string Container = "app";

    /// <summary>The container port's name, used by probes, Service and NetworkPolicy.</summary>
    public const string PortName = "http";

    /// <summary>The port the Service listens on.</summary>
    public const int ServicePort = 80;

    public const string NameLabel = "app.kubernetes.io/name";
    public const string InstanceLabel = "app.kubernetes.io/instance";
    public const string VersionLabel = "app.kubernetes.io/version";
    public const string ComponentLabel = "app.kubernetes.io/component";
    public const string PartOfLabel = "app.kubernetes.io/part-of";
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";
    public const string TeamLabel = "applauncher.dev/team";

    public const string RevisionAnnotation = "applauncher.dev/revision";
    public const string CommitAnnotation = "applauncher.dev/commit";
    public const string BuildpackAnnotation = "applauncher.dev/buildpack";

    public const string WebComponent = "web";
    public const string CronJobComponent = "cronjob";

    /// <summary>The Job that runs a revision's Procfile <c>release:</c> command before its rollout.</summary>
    public const string ReleaseComponent = "release";

    /// <summary>The Job of a one-off run (<c>launcher run</c>).</summary>
    public const string RunComponent = "run";

    /// <summary>On a one-off run's Job: the command it runs, as the run list shows it.</summary>
    public const string CommandAnnotation = "applauncher.dev/command";

    /// <summary>The label the Job controller puts on a Job's pods (Kubernetes 1.27+).</summary>
    public const string JobNameLabel = "batch.kubernetes.io/job-name";

    /// <summary>The longest Job name: the controller copies it into its pods' <see cref="JobNameLabel"/>, a label value of at most 63.</summary>
    public const int MaxJobNameLength = 63;
    public const string ProxyName = "applauncher";

    /// <summary>The longest CronJob name: its Jobs get an 11-character suffix and must stay within 63.</summary>
    public const int MaxCronJobNameLength = 52;

    /// <summary>The Job of <paramref name="revision"/>'s release command: <c>{app}-release-00007</c> (the app's name shortened to fit).</summary>
    public static string ReleaseJob(string app, string revision) => JobName(app, $"release-{revision[(revision.LastIndexOf('-') + 1)..]}");

    /// <summary>The Job of one one-off run: <c>{app}-run-{id}</c> (the app's name shortened to fit).</summary>
    public static string RunJob(string app, string id) => JobName(app, $"run-{id}");

    private static string JobName(string app, string suffix) =>
        $"{app[..Math.Min(app.Length, MaxJobNameLength - suffix.Length - 1)].TrimEnd('-')}-{suffix}";

    /// <summary>A team's namespace: the team's name.</summary>
    public static string Namespace(string team) => team;

    /// <summary>The Deployment, Service, HPA, PDB, ServiceAccount and NetworkPolicy of an app all carry its name.</summary>
    public static string Workload(string app) => app;

    public static string ServiceAccount(string app) => app;

    public static string CronJob(string app, string job) => $"{app}-{job}";

    /// <summary>The Deployment of a non-web process type.</summary>
    public static string ProcessWorkload(string app, string type) => $"{app}-{type}";

    /// <summary>The labels that select a non-web process type's pods (its component is the type, never <see cref="WebComponent"/>).</summary>
    public static OrderedDictionary<string, object?> ProcessSelector(string app, string type) => new()
    {
        [NameLabel] = app,
        [InstanceLabel] = app,
        [ComponentLabel] = type,
    };

    /// <summary>The labels that select an app's web pods; stable across revisions, so a Deployment's selector never changes.</summary>
    public static OrderedDictionary<string, object?> Selector(string app) => new()
    {
        [NameLabel] = app,
        [InstanceLabel] = app,
        [ComponentLabel] = WebComponent,
    };

    /// <summary>The selector of every object of an app (web and cron), for deletion by label.</summary>
    public static string AppLabelSelector(string app) => $"{InstanceLabel}={app},{ManagedByLabel}={FieldManager}";

    /// <summary>The standard <c>app.kubernetes.io/*</c> labels plus the team.</summary>
    public static OrderedDictionary<string, object?> Labels(ManifestInput input, string component) => new()
    {
        [NameLabel] = input.App,
        [InstanceLabel] = input.App,
        [VersionLabel] = input.Revision,
        [ComponentLabel] = component,
        [PartOfLabel] = input.App,
        [ManagedByLabel] = FieldManager,
        [TeamLabel] = input.Team,
    };

    /// <summary>What revision an object belongs to and where it came from.</summary>
    public static OrderedDictionary<string, object?> Annotations(ManifestInput input)
    {
        var annotations = new OrderedDictionary<string, object?> { [RevisionAnnotation] = input.Revision };
        if (!string.IsNullOrEmpty(input.Commit))
        {
            annotations[CommitAnnotation] = input.Commit;
        }

        if (!string.IsNullOrEmpty(input.Buildpack))
        {
            annotations[BuildpackAnnotation] = input.Buildpack;
        }

        return annotations;
    }
}
