using AppLauncher.Core.Autoscaling;

namespace AppLauncher.Core.Apps;

/// <summary>An app's own configuration: <c>launcher.yaml</c> with <c>kind: App</c> at the root of its repository. Every field is optional.</summary>
public sealed class AppConfig
{
    public const string AppKind = "App";

    /// <summary>Must be <c>App</c>; tells this file from the platform's own <c>launcher.yaml</c>.</summary>
    public string Kind { get; set; } = "";

    /// <summary>The app's name; when set, it must match the name pushed to.</summary>
    public string? Name { get; set; }

    public AppBuildConfig Build { get; set; } = new();

    /// <summary>Start command; overrides the detected one (and a Procfile's <c>web:</c>).</summary>
    public string? Start { get; set; }

    /// <summary>The port the app listens on inside its container (it also gets it as <c>PORT</c>).</summary>
    public int? Port { get; set; }

    public AppHealthCheckConfig HealthCheck { get; set; } = new();

    /// <summary>Environment variables the app runs with.</summary>
    public Dictionary<string, string> Env { get; set; } = [];

    /// <summary>How the app scales (wired by the autoscaler; not validated here).</summary>
    public AutoscalingPolicy? Autoscaling { get; set; }

    /// <summary>CPU and memory requests and limits on Kubernetes.</summary>
    public AppResourcesConfig Resources { get; set; } = new();

    /// <summary>True when the app writes nowhere but <c>/tmp</c>: on Kubernetes its root filesystem is mounted read-only.</summary>
    public bool ReadOnlyRootFilesystem { get; set; }

    /// <summary>The app needs root: its image's root user is kept instead of remapped to the platform's non-root one (Docker).</summary>
    public bool RunAsRoot { get; set; }

    /// <summary>Instances of each non-web Procfile process type (<c>worker: 2</c>), applied with each push; <c>launcher scale</c> changes them between pushes.</summary>
    public Dictionary<string, int> Processes { get; set; } = [];

    /// <summary>The app's own HTTP → HTTPS redirect and HSTS max-age (the platform's <c>tls:</c> settings otherwise).</summary>
    public AppHttpsConfig Https { get; set; } = new();

    /// <summary>Commands run on a schedule (a CronJob each on Kubernetes).</summary>
    public List<AppCronJobConfig> Cron { get; set; } = [];

    /// <summary><c>remote:</c> the ref rules of an app connected to a repository elsewhere (null: those given at connect).</summary>
    public AppRemoteConfig? Remote { get; set; }
}
