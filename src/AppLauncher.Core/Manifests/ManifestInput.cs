using AppLauncher.Core.Autoscaling;

namespace AppLauncher.Core.Manifests;

/// <summary>
/// Everything the Kubernetes manifests of one app revision are made from. Defaults sit in the initialisers and are
/// the platform's opinions; <see cref="ManifestInputValidator"/> checks an input before any manifest is made.
/// </summary>
public sealed record ManifestInput
{
    /// <summary>The app's name (a DNS label); every object is named from it by <see cref="ManifestNames"/>.</summary>
    public required string App { get; init; }

    /// <summary>The team that owns the app; its namespace is <see cref="ManifestNames.Namespace"/> of it.</summary>
    public string Team { get; init; } = ManifestNames.DefaultTeam;

    /// <summary>The revision being rolled out, e.g. <c>hello-00007</c>.</summary>
    public required string Revision { get; init; }

    /// <summary>The image, by digest: <c>registry/app@sha256:…</c>. A tag can move; a digest cannot.</summary>
    public required string Image { get; init; }

    /// <summary>The port the app listens on; it gets it as <c>PORT</c>.</summary>
    public int Port { get; init; } = 8080;

    /// <summary>HTTP path the probes call; null probes the TCP port instead.</summary>
    public string? HealthCheckPath { get; init; }

    public ResourceSettings Resources { get; init; } = new();

    /// <summary>Environment variables, besides <c>PORT</c>.</summary>
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    public AutoscalingPolicy Autoscaling { get; init; } = new();

    /// <summary>The HPA's <c>maxReplicas</c> when the policy sets no maximum (its max is 0).</summary>
    public int DefaultMaxReplicas { get; init; } = 10;

    public IReadOnlyList<CronJobSettings> CronJobs { get; init; } = [];

    /// <summary>The non-web Procfile process types: one Deployment each, without a Service.</summary>
    public IReadOnlyList<ProcessSettings> Processes { get; init; } = [];

    /// <summary>True when the app writes nowhere but <c>/tmp</c>: its root filesystem is mounted read-only.</summary>
    public bool ReadOnlyRootFilesystem { get; init; }

    /// <summary>User and group the app runs as (the stacks' <c>app</c> user is 1000).</summary>
    public int RunAsUser { get; init; } = 1000;

    /// <summary>Seconds the pod keeps serving after it is taken out of the Service, before SIGTERM.</summary>
    public int PreStopSleepSeconds { get; init; } = 5;

    /// <summary>Seconds from the start of termination to SIGKILL; includes the pre-stop pause.</summary>
    public int TerminationGracePeriodSeconds { get; init; } = 30;

    /// <summary>How long a new pod may take to answer before it counts as failed to start.</summary>
    public int StartupTimeoutSeconds { get; init; } = 60;

    /// <summary>Old ReplicaSets kept for <c>kubectl rollout undo</c>.</summary>
    public int RevisionHistoryLimit { get; init; } = 5;

    /// <summary>When true, a NetworkPolicy admits traffic to the app only from AppLauncher's proxy.</summary>
    public bool NetworkPolicy { get; init; }

    /// <summary>The namespace AppLauncher's proxy runs in (for the NetworkPolicy).</summary>
    public string ProxyNamespace { get; init; } = ManifestNames.PlatformNamespace;

    /// <summary>The commit the revision was built from, recorded as an annotation.</summary>
    public string? Commit { get; init; }

    /// <summary>The buildpack that built the image, recorded as an annotation.</summary>
    public string? Buildpack { get; init; }
}
