using AppLauncher.Core.Apps;
using System.Collections.Concurrent;
using AppLauncher.Core.Config;
using AppLauncher.Core.Manifests;
using AppLauncher.Runtime.Kubernetes;
using k8s;
using k8s.Models;

namespace AppLauncher.Runtime;

/// <summary>
/// Runs apps on Kubernetes from the manifests of <see cref="AppManifests"/>, applied with server-side apply.
/// An app is one Deployment, rolled from revision to revision; an <see cref="Instance"/> is "the app's Deployment at a
/// revision", whose <see cref="Instance.Endpoint"/> is the app's Service (reachable from inside the cluster only);
/// <see cref="KubernetesEndpointSync"/> gives the proxy the ready pod addresses instead. Scaling between 0 and 1 goes
/// through the Deployment's <c>/scale</c> subresource; above 1 the HPA governs (<see cref="ManagesReplicas"/>).
/// The API server's refusals reach callers as <see cref="RuntimeException"/> (<see cref="KubernetesFailureHandler"/>).
/// </summary>
internal sealed partial class KubernetesRuntime(
    IKubernetes client, IImagePublisher images, PlatformConfig config, TimeProvider time, ILogger<KubernetesRuntime> logger) : IRuntime
{
    private const int LogTailOnFailure = 30;
    private readonly ConcurrentDictionary<string, InstanceSpec> _previous = new(StringComparer.Ordinal);

    // The spec last applied per app (image resolved to its digest), so a failed rollout re-applies exactly it.
    private readonly ConcurrentDictionary<string, InstanceSpec> _applied = new(StringComparer.Ordinal);

    private KubernetesConfig Cluster => config.Runtime.Kubernetes;

    private string Ns => ManifestNames.Namespace(Cluster.Team);

    /// <summary>The HPA owns the Deployment's replicas above 1; AppLauncher only moves it between 0 and 1 through <c>/scale</c>.</summary>
    public bool ManagesReplicas => true;

    /// <summary>
    /// Rolls the app's Deployment to the spec's revision (server-side apply, never setting <c>replicas</c>) and makes
    /// sure it has at least one replica. Starting the revision the Deployment already runs applies nothing: it is the
    /// same one <see cref="Instance"/>, so asking again never adds pods (the HPA does that).
    /// </summary>
    public async Task<Instance> StartAsync(InstanceSpec spec, CancellationToken cancellationToken)
    {
        var image = await ImageOfAsync(spec, cancellationToken);
        var current = await GetDeploymentAsync(spec.App, cancellationToken);
        if (current is null || Revision(current) != spec.Revision || Image(current) != image)
        {
            if (current is not null && Revision(current) is { } previousRevision && previousRevision != spec.Revision)
            {
                // Known exactly when this server applied it; after a restart, rebuilt from the live Deployment.
                _previous[InstanceId(spec.App, spec.Revision)] = _applied.TryGetValue(spec.App, out var applied) && applied.Revision == previousRevision
                    ? applied
                    : new InstanceSpec(spec.App, previousRevision, Image(current), Env(current), spec.Port);
            }

            await ApplyAsync(spec, image, cancellationToken);
            Log.Applied(logger, spec.App, spec.Revision, Ns);
        }

        await ScaleUpFromZeroAsync(spec.App, cancellationToken);
        return NewInstance(spec.App, spec.Revision, running: false);
    }

    /// <summary>0 → 1 through <c>/scale</c>; any other count is left to the HPA.</summary>
    private async Task ScaleUpFromZeroAsync(string app, CancellationToken cancellationToken)
    {
        if (await client.GetScaleAsync(Ns, ManifestNames.Workload(app), cancellationToken) == 0)
        {
            await client.ScaleAsync(Ns, ManifestNames.Workload(app), 1, cancellationToken);
        }
    }

    /// <summary>On a cluster the health path is the readiness probe's (see the Deployment); here the rollout is awaited.</summary>
    public async Task WaitReadyAsync(Instance instance, TimeSpan timeout, CancellationToken cancellationToken, string? healthPath = null)
    {
        var deadline = time.GetUtcNow() + timeout;
        while (true)
        {
            var deployment = await GetDeploymentAsync(instance.App, cancellationToken)
                ?? throw new InstanceNotReadyException($"the Deployment {Ns}/{instance.App} was deleted while {instance.Revision} rolled out", "");
            if (IsRolledOut(deployment, instance.Revision))
            {
                return;
            }

            if (time.GetUtcNow() >= deadline)
            {
                throw new InstanceNotReadyException(
                    $"{instance.Revision} did not become ready on Kubernetes within {timeout.TotalSeconds:0} s (Deployment {Ns}/{instance.App}): " +
                    "its pods must pass the readiness probe on PORT; see `kubectl -n " + Ns + " describe deployment " + instance.App + "`",
                    await LogsAsync(instance, LogTailOnFailure, cancellationToken));
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), time, cancellationToken);
        }
    }

    /// <summary>
    /// The rollout of the instance's revision is complete: the controller saw the latest spec, every replica runs the
    /// new template, and at least one is available.
    /// </summary>
    internal static bool IsRolledOut(V1Deployment deployment, string revision)
    {
        var generation = deployment.Metadata?.Generation ?? 0;
        var status = deployment.Status;
        var observed = status?.ObservedGeneration ?? -1;
        var replicas = deployment.Spec?.Replicas ?? 1;
        var updated = status?.UpdatedReplicas ?? 0;
        var available = status?.AvailableReplicas ?? 0;
        var total = status?.Replicas ?? 0;
        return Revision(deployment) == revision && observed >= generation && updated >= replicas && total <= updated && available >= Math.Min(1, replicas);
    }

    public async Task RemoveAsync(Instance instance, TimeSpan grace, CancellationToken cancellationToken)
    {
        var deployment = await GetDeploymentAsync(instance.App, cancellationToken);
        if (deployment is null || Revision(deployment) != instance.Revision)
        {
            return; // the rolling update already replaced this revision's pods
        }

        if (_previous.TryRemove(instance.Id, out var previous))
        {
            // The revision never became ready: put the previous one back (its pods never stopped: maxUnavailable 0).
            await ApplyAsync(previous, previous.Image, cancellationToken);
            Log.RolledBack(logger, instance.App, instance.Revision, previous.Revision);
            return;
        }

        // The app's only instance leaves (idle past its tiers, or a first deploy that failed): scale to 0 and keep the
        // objects, so the next start is a /scale call. DeleteAppAsync removes an app for good.
        await client.ScaleAsync(Ns, ManifestNames.Workload(instance.App), 0, cancellationToken);
    }

    public async Task<Instance> EnsureRunningAsync(Instance instance, CancellationToken cancellationToken)
    {
        await ScaleUpFromZeroAsync(instance.App, cancellationToken);
        return instance with { Running = true, Endpoint = ServiceUrl(instance.App) };
    }

    /// <summary>Kubernetes cannot freeze a pod: the idle tiers both scale the Deployment to 0 through <c>/scale</c>.</summary>
    public Task PauseAsync(Instance instance, CancellationToken cancellationToken) =>
        client.ScaleAsync(Ns, ManifestNames.Workload(instance.App), 0, cancellationToken);

    /// <summary>Scales the Deployment to 0 through <c>/scale</c>; the HPA stays idle while it is at 0.</summary>
    public Task StopAsync(Instance instance, TimeSpan grace, CancellationToken cancellationToken) =>
        client.ScaleAsync(Ns, ManifestNames.Workload(instance.App), 0, cancellationToken);

    /// <summary>Scales the Deployment from 0 to 1 through <c>/scale</c>; above 1 the HPA governs.</summary>
    public Task<Instance> ResumeAsync(Instance instance, CancellationToken cancellationToken) =>
        EnsureRunningAsync(instance with { Paused = false }, cancellationToken);

    /// <summary>Resource use comes from the cluster's metrics-server, which the HPA reads; AppLauncher does not sample it.</summary>
    public Task<ResourceUsage?> UsageAsync(Instance instance, CancellationToken cancellationToken) => Task.FromResult<ResourceUsage?>(null);

    public async Task<IReadOnlyList<Instance>> ListAsync(string app, CancellationToken cancellationToken)
    {
        var deployment = await GetDeploymentAsync(app, cancellationToken);
        if (deployment is null || Revision(deployment) is not { } revision)
        {
            return [];
        }

        var ready = deployment.Status?.ReadyReplicas ?? 0;
        return [NewInstance(app, revision, running: ready > 0)];
    }

    public async Task<string> LogsAsync(Instance instance, int tail, CancellationToken cancellationToken)
    {
        var selector = $"{ManifestNames.InstanceLabel}={instance.App},{ManifestNames.VersionLabel}={instance.Revision},{ManifestNames.ComponentLabel}={ManifestNames.WebComponent}";
        var pods = await client.CoreV1.ListNamespacedPodAsync(Ns, labelSelector: selector, cancellationToken: cancellationToken);
        var text = new System.Text.StringBuilder();
        foreach (var pod in pods.Items)
        {
            var name = pod.Metadata.Name;
            var logs = await client.PodLogsAsync(Ns, name, ManifestNames.Container, tail, cancellationToken);
            foreach (var line in logs.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                text.Append(pods.Items.Count > 1 ? $"[{name}] " : "").Append(line).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>Deletes every object AppLauncher made for the app (by its labels), dependents first; pods get their own grace period.</summary>
    public async Task DeleteAppAsync(string app, TimeSpan grace, CancellationToken cancellationToken)
    {
        foreach (var kind in KubernetesClientExtensions.AppKinds)
        {
            foreach (var name in await kind.ListNamesAsync(client, Ns, ManifestNames.AppLabelSelector(app), cancellationToken))
            {
                await client.DeleteAsync(kind, Ns, name, cancellationToken);
            }
        }

        Log.Deleted(logger, app, Ns);
    }

    /// <summary>The image by digest in the cluster's registry: published there the first time a revision needs it.</summary>
    private async Task<string> ImageOfAsync(InstanceSpec spec, CancellationToken cancellationToken) =>
        spec.Image.Contains("@sha256:", StringComparison.Ordinal)
            ? spec.Image
            : await images.PublishAsync(spec.App, spec.Revision, spec.Image, cancellationToken);

    /// <summary>The manifests' input: the app's launcher.yaml (health check, autoscaling…) as read at build time, plus what the deployer passed.</summary>
    private ManifestInput Input(InstanceSpec spec, string image)
    {
        var input = ManifestInputFactory.Create(spec.App, spec.Revision, image, spec.Buildpack, spec.Commit, spec.AppConfig, Cluster, config.Deploy.AppPort, spec.Processes, spec.ProcessCounts);
        input = input with
        {
            Env = input.Env.Concat(spec.Env.Where(e => !input.Env.ContainsKey(e.Key))).ToDictionary(),
            Autoscaling = spec.Autoscaling ?? input.Autoscaling,
        };
        var errors = new ManifestInputValidator().Validate(input).Errors;
        return errors.Count > 0
            ? throw new InvalidOperationException($"cannot make the manifests of {spec.Revision}: {string.Join("; ", errors.Select(e => e.ErrorMessage))}")
            : input;
    }

    private async Task ApplyAsync(InstanceSpec spec, string image, CancellationToken cancellationToken)
    {
        var input = Input(spec, image);
        await client.ApplyAsync(NamespaceManifest.MakeNamespace(Cluster.Team), cancellationToken);
        foreach (var manifest in AppManifests.Make(input).Objects)
        {
            await client.ApplyAsync(manifest, cancellationToken);
        }

        _applied[spec.App] = spec with { Image = image };
    }

    private async Task<V1Deployment?> GetDeploymentAsync(string app, CancellationToken cancellationToken)
    {
        var list = await client.AppsV1.ListNamespacedDeploymentAsync(Ns, labelSelector: ManifestNames.AppLabelSelector(app), cancellationToken: cancellationToken);
        return list.Items.FirstOrDefault(d => d.Metadata?.Name == ManifestNames.Workload(app));
    }

    private static string? Revision(V1Deployment deployment) =>
        deployment.Metadata?.Annotations?.TryGetValue(ManifestNames.RevisionAnnotation, out var revision) == true ? revision : null;

    private static V1Container? Container(V1Deployment deployment) => deployment.Spec?.Template?.Spec?.Containers?.FirstOrDefault();

    private static string Image(V1Deployment deployment) => Container(deployment)?.Image ?? "";

    private static Dictionary<string, string> Env(V1Deployment deployment) =>
        (Container(deployment)?.Env ?? [])
        .Select(e => (Name: e.Name ?? "", Value: e.Value ?? ""))
        .Where(e => e.Name is not ("" or "PORT"))
        .ToDictionary(e => e.Name, e => e.Value);

    private string InstanceId(string app, string revision) => $"{Ns}/{app}@{revision}";

    private Instance NewInstance(string app, string revision, bool running) =>
        new(InstanceId(app, revision), app, revision, ServiceUrl(app), running);

    /// <summary>The app's Service inside the cluster; the proxy reaches it when AppLauncher runs in the cluster.</summary>
    private Uri ServiceUrl(string app) => new($"http://{ManifestNames.Workload(app)}.{Ns}.svc:{ManifestNames.ServicePort}/");

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Applied {Revision} of {App} to namespace {Namespace}")]
        public static partial void Applied(ILogger logger, string app, string revision, string @namespace);

        [LoggerMessage(2, LogLevel.Warning, "{Revision} of {App} never became ready: rolled back to {Previous}")]
        public static partial void RolledBack(ILogger logger, string app, string revision, string previous);

        [LoggerMessage(3, LogLevel.Information, "Deleted the objects of {App} in namespace {Namespace}")]
        public static partial void Deleted(ILogger logger, string app, string @namespace);

        [LoggerMessage(4, LogLevel.Information, "Started Job {Job} of {App} in namespace {Namespace}")]
        public static partial void JobStarted(ILogger logger, string app, string job, string @namespace);
    }
}
