using System.Globalization;
using AppLauncher.Core.Names;
using AppLauncher.Docker;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace AppLauncher.Runtime;

/// <summary>Runs instances as containers on the Docker Engine, published on 127.0.0.1 only.</summary>
internal sealed partial class DockerRuntime(
    IDockerClient docker, Settings.LauncherSettings settings, DockerAppNetwork network, IHttpClientFactory httpClientFactory, TimeProvider time, ILogger<DockerRuntime> logger) : IRuntime
{
    private const int LogTailOnFailure = 30;

    /// <summary>One instance is one container: the autoscaler adds and removes them.</summary>
    public bool ManagesReplicas => false;

    public async Task<Instance> StartAsync(InstanceSpec spec, CancellationToken cancellationToken)
    {
        var port = $"{spec.Port}/tcp";
        var env = spec.Env.Select(kv => $"{kv.Key}={kv.Value}").Append($"PORT={spec.Port.ToString(CultureInfo.InvariantCulture)}").ToList();
        var hostConfig = await NewHostConfigAsync(cancellationToken);
        var user = DockerContainment.Apply(hostConfig, settings.Config.Runtime.Docker.Containment, spec.AppConfig, spec.Port, await ImageUserAsync(spec.Image, cancellationToken));

        // Only loopback: the proxy is the way in. An empty HostPort lets the engine pick a free one.
        hostConfig.PortBindings = new Dictionary<string, IList<PortBinding>> { [port] = [new PortBinding { HostIP = "127.0.0.1", HostPort = "" }] };
        var request = new CreateContainerParameters
        {
            Name = $"launcher-{spec.Revision}-{Guid.NewGuid().ToString("N")[..6]}",
            Image = spec.Image,
            Env = env,
            Labels = new Dictionary<string, string>
            {
                [RuntimeLabels.Managed] = "true",
                [RuntimeLabels.Installation] = settings.InstallationId,
                [RuntimeLabels.App] = spec.App,
                [RuntimeLabels.Revision] = spec.Revision,
            },
            ExposedPorts = new Dictionary<string, EmptyStruct> { [port] = default },
            HostConfig = hostConfig,
            User = user!,
        };

        var id = await CreateContainerAsync(request, spec.Revision, cancellationToken);
        await StartContainerAsync(id, spec.Revision, cancellationToken);
        Log.InstanceStarted(logger, spec.Revision, id[..12]);
        return await DescribeAsync(id, cancellationToken) ?? throw new InvalidOperationException($"container {id} vanished after start");
    }

    public async Task WaitReadyAsync(Instance instance, TimeSpan timeout, CancellationToken cancellationToken, string? healthPath = null)
    {
        var client = httpClientFactory.CreateClient(nameof(DockerRuntime));
        var deadline = time.GetUtcNow() + timeout;
        int? lastStatus = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var state = await InspectContainerAsync(instance.Id, cancellationToken);
            if (state is null || state.State is not { Running: true })
            {
                var logs = state is null ? "" : await GetLogsAsync(instance.Id, LogTailOnFailure, cancellationToken);
                var how = state is null ? "was removed" : $"exited with code {state.State?.ExitCode}{(state.State?.OOMKilled == true ? " (out of memory)" : "")}";
                throw new InstanceNotReadyException($"the app {how} before it answered on PORT", logs)
                {
                    ExitCode = state?.State is { } ended ? (int)ended.ExitCode : null,
                    OutOfMemory = state?.State?.OOMKilled == true,
                };
            }

            var endpoint = instance.Endpoint ?? (await DescribeAsync(instance.Id, cancellationToken))?.Endpoint;
            if (endpoint is not null && await AnswersAsync(client, endpoint, healthPath, cancellationToken) is { } status)
            {
                lastStatus = status;
            }

            if (lastStatus is { } answered && (healthPath is null || answered < 400))
            {
                // No restart policy, ever: a crash at start fails the deploy, and a crash later is noticed from the
                // engine's events and replaced by AppLauncher's supervisor, which owns the back-off and the state.
                return;
            }

            if (time.GetUtcNow() >= deadline)
            {
                var logs = await GetLogsAsync(instance.Id, LogTailOnFailure, cancellationToken);
                if (healthPath is not null && lastStatus is { } last)
                {
                    throw new InstanceNotReadyException(
                        $"the health check GET {healthPath} answered {last}, not 2xx or 3xx, for {timeout.TotalSeconds:0} s: make it answer 200 once the app can serve " +
                        "(or change healthCheck.path in the app's launcher.yaml)", logs);
                }

                throw new InstanceNotReadyException(
                    $"the app did not answer HTTP on PORT ({Label(state.Config?.Labels, RuntimeLabels.Revision)}) within {timeout.TotalSeconds:0} s: " +
                    "make it listen on the port in the PORT environment variable, on all interfaces (0.0.0.0)", logs);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
        }
    }

    public async Task RemoveAsync(Instance instance, TimeSpan grace, CancellationToken cancellationToken)
    {
        if (instance.Paused)
        {
            // A frozen process cannot take SIGTERM: thaw it so it can shut down cleanly.
            await UnpauseContainerAsync(instance, cancellationToken);
        }

        await StopContainerAsync(instance, grace, cancellationToken);
        await RemoveContainerAsync(instance.Id, cancellationToken);
        Log.InstanceRemoved(logger, instance.Revision, instance.Id[..Math.Min(12, instance.Id.Length)]);
    }

    public async Task PauseAsync(Instance instance, CancellationToken cancellationToken)
    {
        try
        {
            await docker.Containers.PauseContainerAsync(instance.Id, cancellationToken);
        }
        catch (DockerApiException e)
        {
            throw Refused($"pause {Describe(instance)}", e);
        }

        Log.InstancePaused(logger, instance.Revision, Short(instance.Id));
    }

    public async Task StopAsync(Instance instance, TimeSpan grace, CancellationToken cancellationToken)
    {
        if (instance.Paused)
        {
            await UnpauseContainerAsync(instance, cancellationToken);
        }

        // Stopped on purpose: no restart policy must bring it back.
        await SetRestartPolicyAsync(instance, RestartPolicyKind.No, cancellationToken);
        await StopContainerAsync(instance, grace, cancellationToken);
        Log.InstanceStopped(logger, instance.Revision, Short(instance.Id));
    }

    public async Task<Instance> ResumeAsync(Instance instance, CancellationToken cancellationToken)
    {
        if (instance.Paused)
        {
            await UnpauseContainerAsync(instance, cancellationToken);
        }
        else if (!instance.Running)
        {
            await StartContainerAsync(instance.Id, instance.Revision, cancellationToken);
        }

        return await DescribeAsync(instance.Id, cancellationToken) ?? throw new InstanceNotReadyException($"container {Short(instance.Id)} vanished while resuming", "");
    }

    public async Task<ResourceUsage?> UsageAsync(Instance instance, CancellationToken cancellationToken)
    {
        ContainerStatsResponse? stats = null;
        try
        {
            // One sample, without waiting for a second one (the engine would wait a second to compute a rate).
            await docker.Containers.GetContainerStatsAsync(
                instance.Id, new ContainerStatsParameters { Stream = false, OneShot = true }, new InlineProgress<ContainerStatsResponse>(s => stats = s), cancellationToken);
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }
        catch (DockerApiException e)
        {
            throw Refused($"report the resource use of {Describe(instance)}", e);
        }

        return stats is null
            ? null
            : new ResourceUsage(
                stats.CPUStats?.CPUUsage?.TotalUsage ?? 0, stats.CPUStats?.SystemUsage ?? 0, (int)(stats.CPUStats?.OnlineCPUs ?? 0), stats.MemoryStats?.Usage ?? 0, stats.MemoryStats?.Limit ?? 0);
    }

    private static string Short(string id) => id[..Math.Min(12, id.Length)];

    public async Task<Instance> EnsureRunningAsync(Instance instance, CancellationToken cancellationToken)
    {
        if (instance.Paused)
        {
            await UnpauseContainerAsync(instance, cancellationToken);
        }
        else if (!instance.Running)
        {
            await StartContainerAsync(instance.Id, instance.Revision, cancellationToken);
        }

        return await DescribeAsync(instance.Id, cancellationToken) ?? throw new InvalidOperationException($"container {instance.Id} not found");
    }

    public async Task<IReadOnlyList<Instance>> ListAsync(string app, CancellationToken cancellationToken)
    {
        // Containers carrying both labels.
        var filters = new Dictionary<string, IDictionary<string, bool>>
        {
            ["label"] = new Dictionary<string, bool> { [$"{RuntimeLabels.App}={app}"] = true, [$"{RuntimeLabels.Installation}={settings.InstallationId}"] = true },
        };
        IList<ContainerListResponse> containers;
        try
        {
            containers = await docker.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filters }, cancellationToken);
        }
        catch (DockerApiException e)
        {
            throw Refused($"list the containers of {app}", e);
        }

        var instances = new List<Instance>();
        foreach (var container in containers.Where(c => c.Labels?.ContainsKey(RuntimeLabels.Role) != true))
        {
            if (await DescribeAsync(container.ID, cancellationToken) is { } instance)
            {
                instances.Add(instance);
            }
        }

        return instances;
    }

    public async Task DeleteAppAsync(string app, TimeSpan grace, CancellationToken cancellationToken)
    {
        foreach (var instance in await ListAsync(app, cancellationToken))
        {
            await RemoveAsync(instance, grace, cancellationToken);
        }

        foreach (var process in await ListProcessesAsync(app, cancellationToken))
        {
            await RemoveProcessAsync(process, grace, cancellationToken);
        }

        foreach (var run in await ListRunsAsync(app, cancellationToken))
        {
            await RemoveContainerAsync(run.Id, cancellationToken);
        }
    }

    public Task<string> LogsAsync(Instance instance, int tail, CancellationToken cancellationToken) =>
        GetLogsAsync(instance.Id, tail, cancellationToken);

    private async Task<Instance?> DescribeAsync(string id, CancellationToken cancellationToken)
    {
        var inspect = await InspectContainerAsync(id, cancellationToken);
        if (inspect is null)
        {
            return null;
        }

        var labels = inspect.Config?.Labels;
        var binding = inspect.NetworkSettings?.Ports?.Values.FirstOrDefault(b => b is { Count: > 0 })?.FirstOrDefault(b => b.HostIP == "127.0.0.1");
        var endpoint = binding is null ? null : new Uri($"http://127.0.0.1:{binding.HostPort}/");
        return new Instance(inspect.ID, Label(labels, RuntimeLabels.App), Label(labels, RuntimeLabels.Revision), endpoint, inspect.State?.Running == true, inspect.State?.Paused == true);
    }

    /// <summary>
    /// The status of an HTTP answer at the health path (or at /), or null when nothing answers. A TCP connect is not
    /// enough: the engine's port proxy accepts connections on the host side before the app inside has opened its port.
    /// </summary>
    private static async Task<int?> AnswersAsync(HttpClient client, Uri endpoint, string? healthPath, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            using var response = await client.GetAsync(HealthCheckPath.On(endpoint, healthPath), HttpCompletionOption.ResponseHeadersRead, attempt.Token);
            return (int)response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null;
        }
    }

    /// <summary>
    /// A contained container of the revision's image that runs <paramref name="command"/> with its config vars and no
    /// published port: a release command, a non-web process, a one-off run. <paramref name="kind"/> goes into its name,
    /// <paramref name="role"/> and <paramref name="labels"/> onto its labels.
    /// </summary>
    private async Task<CreateContainerParameters> CommandContainerAsync(InstanceSpec spec, string kind, IList<string> command, string role, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? labels = null)
    {
        var hostConfig = await NewHostConfigAsync(cancellationToken);
        var user = DockerContainment.Apply(hostConfig, settings.Config.Runtime.Docker.Containment, spec.AppConfig, spec.Port, await ImageUserAsync(spec.Image, cancellationToken));
        var all = new Dictionary<string, string>
        {
            [RuntimeLabels.Managed] = "true",
            [RuntimeLabels.Installation] = settings.InstallationId,
            [RuntimeLabels.App] = spec.App,
            [RuntimeLabels.Revision] = spec.Revision,
            [RuntimeLabels.Role] = role,
        };
        foreach (var (key, value) in labels ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        return new CreateContainerParameters
        {
            Name = $"launcher-{spec.Revision}-{kind}-{Guid.NewGuid().ToString("N")[..6]}",
            Image = spec.Image,
            Cmd = command,
            // PORT as on Heroku, where every dyno has one; nothing is published, so nothing reaches it.
            Env = [.. spec.Env.Select(kv => $"{kv.Key}={kv.Value}"), $"PORT={spec.Port.ToString(CultureInfo.InvariantCulture)}"],
            Labels = all,
            HostConfig = hostConfig,
            User = user!,
        };
    }

    public async Task<CommandResult> RunOnceAsync(InstanceSpec spec, string command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var request = await CommandContainerAsync(spec, "release", ["/bin/sh", "-c", command], "release", cancellationToken);
        var id = await CreateContainerAsync(request, spec.Revision, cancellationToken);
        try
        {
            await StartContainerAsync(id, spec.Revision, cancellationToken);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(timeout);
            int exitCode;
            try
            {
                exitCode = (int)(await docker.Containers.WaitContainerAsync(id, limit.Token)).StatusCode;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return new CommandResult(-1, await GetLogsAsync(id, 200, CancellationToken.None) + $"\n(stopped after {timeout.TotalSeconds:0} s)");
            }
            catch (DockerApiException e)
            {
                throw Refused($"wait for the release command of {spec.Revision}", e);
            }

            return new CommandResult(exitCode, await GetLogsAsync(id, 200, cancellationToken));
        }
        finally
        {
            await RemoveContainerAsync(id, CancellationToken.None);
        }
    }

    // The engine calls, each mapped once: a refusal becomes a RuntimeException that says what was asked, and the
    // tolerances (not found on inspect, already stopped, already removed) are decided here.

    /// <summary>The engine refused a call: the runtime-neutral failure, naming what was asked and, in the engine's words, why not.</summary>
    internal static RuntimeException Refused(string what, DockerApiException e) =>
        new($"the Docker Engine refused to {what}: {DockerEngine.Message(e)}", e) { StatusCode = (int)e.StatusCode };

    private static string Describe(Instance instance) => $"container {Short(instance.Id)} of {instance.Revision}";

    private static string Label(IDictionary<string, string>? labels, string key) =>
        labels is not null && labels.TryGetValue(key, out var value) ? value : "";

    /// <summary>
    /// Every container: an init as PID 1, rotated logs, no restart policy (AppLauncher supervises, with its own
    /// back-off), and the app network, where no container reaches another.
    /// </summary>
    private async Task<HostConfig> NewHostConfigAsync(CancellationToken cancellationToken) => new()
    {
        Init = true,
        RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.No },
        LogConfig = new LogConfig { Type = "json-file", Config = new Dictionary<string, string> { ["max-size"] = "10m", ["max-file"] = "3" } },
        NetworkMode = await network.EnsureAsync(cancellationToken) is { Length: > 0 } name ? name : null!,
    };

    /// <summary>The user the image is configured to run as ("" when unset: root).</summary>
    private async Task<string> ImageUserAsync(string image, CancellationToken cancellationToken)
    {
        try
        {
            return (await docker.Images.InspectImageAsync(image, cancellationToken)).Config?.User ?? "";
        }
        catch (DockerImageNotFoundException)
        {
            return ""; // the create call says what is missing
        }
        catch (DockerApiException e)
        {
            throw Refused($"inspect image {image}", e);
        }
    }

    private async Task<string> CreateContainerAsync(CreateContainerParameters request, string revision, CancellationToken cancellationToken)
    {
        try
        {
            return (await docker.Containers.CreateContainerAsync(request, cancellationToken)).ID;
        }
        catch (DockerApiException e)
        {
            throw Refused($"create the container for {revision}", e);
        }
    }

    private async Task StartContainerAsync(string id, string revision, CancellationToken cancellationToken)
    {
        try
        {
            // False when it already runs: that is what was asked.
            await docker.Containers.StartContainerAsync(id, new ContainerStartParameters(), cancellationToken);
        }
        catch (DockerApiException e)
        {
            throw Refused($"start container {Short(id)} of {revision}", e);
        }
    }

    private async Task<ContainerInspectResponse?> InspectContainerAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            return await docker.Containers.InspectContainerAsync(id, cancellationToken);
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }
        catch (DockerApiException e)
        {
            throw Refused($"inspect container {Short(id)}", e);
        }
    }

    private async Task SetRestartPolicyAsync(Instance instance, RestartPolicyKind policy, CancellationToken cancellationToken)
    {
        try
        {
            await docker.Containers.UpdateContainerAsync(instance.Id, new ContainerUpdateParameters { RestartPolicy = new RestartPolicy { Name = policy } }, cancellationToken);
        }
        catch (DockerApiException e)
        {
            throw Refused($"change the restart policy of {Describe(instance)}", e);
        }
    }

    private async Task StopContainerAsync(Instance instance, TimeSpan grace, CancellationToken cancellationToken)
    {
        try
        {
            // SIGTERM, then SIGKILL after the grace period. False when it was already stopped: that is what was asked.
            await docker.Containers.StopContainerAsync(instance.Id, new ContainerStopParameters { WaitBeforeKillSeconds = (uint)grace.TotalSeconds }, cancellationToken);
        }
        catch (DockerContainerNotFoundException)
        {
            // Gone already: nothing is left to stop.
        }
        catch (DockerApiException e)
        {
            throw Refused($"stop {Describe(instance)}", e);
        }
    }

    private async Task RemoveContainerAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            await docker.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true }, cancellationToken);
        }
        catch (DockerContainerNotFoundException)
        {
            // Removed already: what was asked.
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            // "Removal already in progress": someone else is removing it, which is what was asked.
        }
        catch (DockerApiException e)
        {
            throw Refused($"remove container {Short(id)}", e);
        }
    }

    private async Task UnpauseContainerAsync(Instance instance, CancellationToken cancellationToken)
    {
        try
        {
            await docker.Containers.UnpauseContainerAsync(instance.Id, cancellationToken);
        }
        catch (DockerApiException e)
        {
            throw Refused($"unpause {Describe(instance)}", e);
        }
    }

    /// <summary>The container's last <paramref name="tail"/> lines of stdout and stderr, interleaved, as text.</summary>
    private async Task<string> GetLogsAsync(string id, int tail, CancellationToken cancellationToken)
    {
        try
        {
            using var stream = await docker.Containers.GetContainerLogsAsync(
                id, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true, Tail = tail.ToString(CultureInfo.InvariantCulture) }, cancellationToken);
            return await DockerEngine.ReadTextAsync(stream, cancellationToken);
        }
        catch (DockerApiException e)
        {
            throw Refused($"read the output of container {Short(id)}", e);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Started instance of {Revision} as container {ContainerId}")]
        public static partial void InstanceStarted(ILogger logger, string revision, string containerId);

        [LoggerMessage(2, LogLevel.Information, "Removed instance of {Revision} (container {ContainerId})")]
        public static partial void InstanceRemoved(ILogger logger, string revision, string containerId);

        [LoggerMessage(3, LogLevel.Information, "Paused instance of {Revision} (container {ContainerId})")]
        public static partial void InstancePaused(ILogger logger, string revision, string containerId);

        [LoggerMessage(4, LogLevel.Information, "Stopped instance of {Revision} (container {ContainerId}); kept for a fast start")]
        public static partial void InstanceStopped(ILogger logger, string revision, string containerId);
    }
}
