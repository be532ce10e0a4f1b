using System.Globalization;
using AppLauncher.Docker;

namespace AppLauncher.Runtime;

/// <summary>Runs instances as containers on the Docker Engine, published on 127.0.0.1 only.</summary>
internal sealed partial class DockerRuntime(IDockerClient docker, Settings.LauncherSettings settings, IHttpClientFactory httpClientFactory, TimeProvider time, ILogger<DockerRuntime> logger) : IRuntime
{
    private const int LogTailOnFailure = 30;

    /// <summary>One instance is one container: the autoscaler adds and removes them.</summary>
    public bool ManagesReplicas => false;

    public async Task<Instance> StartAsync(InstanceSpec spec, CancellationToken cancellationToken)
    {
        var port = $"{spec.Port}/tcp";
        var env = spec.Env.Select(kv => $"{kv.Key}={kv.Value}").Append($"PORT={spec.Port.ToString(CultureInfo.InvariantCulture)}").ToList();
        var request = new ContainerCreateRequest
        {
            Image = spec.Image,
            Env = env,
            Labels = new()
            {
                [RuntimeLabels.Managed] = "true",
                [RuntimeLabels.Installation] = settings.InstallationId,
                [RuntimeLabels.App] = spec.App,
                [RuntimeLabels.Revision] = spec.Revision,
            },
            ExposedPorts = new() { [port] = new() },
            HostConfig = new HostConfig
            {
                // Only loopback: the proxy is the way in. An empty HostPort lets the engine pick a free one.
                PortBindings = new() { [port] = [new PortBinding { HostIp = "127.0.0.1", HostPort = "" }] },
            },
        };

        var name = $"launcher-{spec.Revision}-{Guid.NewGuid().ToString("N")[..6]}";
        var id = await docker.CreateContainerAsync(name, request, cancellationToken);
        await docker.StartContainerAsync(id, cancellationToken);
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
            var state = await docker.InspectContainerAsync(instance.Id, cancellationToken);
            if (state is null || !state.State.Running)
            {
                var logs = state is null ? "" : await docker.GetLogsAsync(instance.Id, LogTailOnFailure, cancellationToken);
                var how = state is null ? "was removed" : $"exited with code {state.State.ExitCode}{(state.State.OOMKilled ? " (out of memory)" : "")}";
                throw new InstanceNotReadyException($"the app {how} before it answered on PORT", logs);
            }

            var endpoint = instance.Endpoint ?? (await DescribeAsync(instance.Id, cancellationToken))?.Endpoint;
            if (endpoint is not null && await AnswersAsync(client, endpoint, healthPath, cancellationToken) is { } status)
            {
                lastStatus = status;
            }

            if (lastStatus is { } answered && (healthPath is null || answered < 400))
            {
                // Started without a restart policy, so a crash at start fails the deploy instead of looping;
                // once ready, a crash brings the instance back.
                await docker.SetRestartPolicyAsync(instance.Id, "unless-stopped", cancellationToken);
                return;
            }

            if (time.GetUtcNow() >= deadline)
            {
                var logs = await docker.GetLogsAsync(instance.Id, LogTailOnFailure, cancellationToken);
                if (healthPath is not null && lastStatus is { } last)
                {
                    throw new InstanceNotReadyException(
                        $"the health check GET {healthPath} answered {last}, not 2xx or 3xx, for {timeout.TotalSeconds:0} s: make it answer 200 once the app can serve " +
                        "(or change healthCheck.path in the app's launcher.yaml)", logs);
                }

                throw new InstanceNotReadyException(
                    $"the app did not answer HTTP on PORT ({state.Config.Labels?.GetValueOrDefault(RuntimeLabels.Revision)}) within {timeout.TotalSeconds:0} s: " +
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
            await docker.UnpauseContainerAsync(instance.Id, cancellationToken);
        }

        await docker.StopContainerAsync(instance.Id, (int)grace.TotalSeconds, cancellationToken);
        await docker.RemoveContainerAsync(instance.Id, cancellationToken);
        Log.InstanceRemoved(logger, instance.Revision, instance.Id[..Math.Min(12, instance.Id.Length)]);
    }

    public async Task PauseAsync(Instance instance, CancellationToken cancellationToken)
    {
        await docker.PauseContainerAsync(instance.Id, cancellationToken);
        Log.InstancePaused(logger, instance.Revision, Short(instance.Id));
    }

    public async Task StopAsync(Instance instance, TimeSpan grace, CancellationToken cancellationToken)
    {
        if (instance.Paused)
        {
            await docker.UnpauseContainerAsync(instance.Id, cancellationToken);
        }

        // Stopped on purpose: no restart policy must bring it back.
        await docker.SetRestartPolicyAsync(instance.Id, "no", cancellationToken);
        await docker.StopContainerAsync(instance.Id, (int)grace.TotalSeconds, cancellationToken);
        Log.InstanceStopped(logger, instance.Revision, Short(instance.Id));
    }

    public async Task<Instance> ResumeAsync(Instance instance, CancellationToken cancellationToken)
    {
        if (instance.Paused)
        {
            await docker.UnpauseContainerAsync(instance.Id, cancellationToken);
        }
        else if (!instance.Running)
        {
            await docker.StartContainerAsync(instance.Id, cancellationToken);
        }

        return await DescribeAsync(instance.Id, cancellationToken) ?? throw new InstanceNotReadyException($"container {Short(instance.Id)} vanished while resuming", "");
    }

    public async Task<ResourceUsage?> UsageAsync(Instance instance, CancellationToken cancellationToken)
    {
        var stats = await docker.StatsAsync(instance.Id, cancellationToken);
        return stats is null
            ? null
            : new ResourceUsage(stats.CpuStats.CpuUsage.TotalUsage, stats.CpuStats.SystemCpuUsage, stats.CpuStats.OnlineCpus, stats.MemoryStats.Usage, stats.MemoryStats.Limit);
    }

    private static string Short(string id) => id[..Math.Min(12, id.Length)];

    public async Task<Instance> EnsureRunningAsync(Instance instance, CancellationToken cancellationToken)
    {
        if (instance.Paused)
        {
            await docker.UnpauseContainerAsync(instance.Id, cancellationToken);
        }
        else if (!instance.Running)
        {
            await docker.StartContainerAsync(instance.Id, cancellationToken);
        }

        return await DescribeAsync(instance.Id, cancellationToken) ?? throw new InvalidOperationException($"container {instance.Id} not found");
    }

    public async Task<IReadOnlyList<Instance>> ListAsync(string app, CancellationToken cancellationToken)
    {
        var containers = await docker.ListContainersAsync([$"{RuntimeLabels.App}={app}", $"{RuntimeLabels.Installation}={settings.InstallationId}"], cancellationToken);
        var instances = new List<Instance>();
        foreach (var container in containers.Where(c => c.Labels?.ContainsKey(RuntimeLabels.Role) != true))
        {
            if (await DescribeAsync(container.Id, cancellationToken) is { } instance)
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
    }

    public Task<string> LogsAsync(Instance instance, int tail, CancellationToken cancellationToken) =>
        docker.GetLogsAsync(instance.Id, tail, cancellationToken);

    private async Task<Instance?> DescribeAsync(string id, CancellationToken cancellationToken)
    {
        var inspect = await docker.InspectContainerAsync(id, cancellationToken);
        if (inspect is null)
        {
            return null;
        }

        var labels = inspect.Config.Labels ?? [];
        var binding = inspect.NetworkSettings.Ports?.Values.FirstOrDefault(b => b is { Count: > 0 })?.FirstOrDefault(b => b.HostIp == "127.0.0.1");
        var endpoint = binding is null ? null : new Uri($"http://127.0.0.1:{binding.HostPort}/");
        return new Instance(inspect.Id, labels.GetValueOrDefault(RuntimeLabels.App, ""), labels.GetValueOrDefault(RuntimeLabels.Revision, ""), endpoint, inspect.State.Running, inspect.State.Paused);
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
            using var response = await client.GetAsync(new Uri(endpoint, healthPath ?? "/"), HttpCompletionOption.ResponseHeadersRead, attempt.Token);
            return (int)response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null;
        }
    }

    public async Task<CommandResult> RunOnceAsync(InstanceSpec spec, string command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var request = new ContainerCreateRequest
        {
            Image = spec.Image,
            Cmd = ["/bin/sh", "-c", command],
            Env = [.. spec.Env.Select(kv => $"{kv.Key}={kv.Value}"), $"PORT={spec.Port.ToString(CultureInfo.InvariantCulture)}"],
            Labels = new()
            {
                [RuntimeLabels.Managed] = "true",
                [RuntimeLabels.Installation] = settings.InstallationId,
                [RuntimeLabels.App] = spec.App,
                [RuntimeLabels.Revision] = spec.Revision,
                [RuntimeLabels.Role] = "release",
            },
        };
        var id = await docker.CreateContainerAsync($"launcher-{spec.Revision}-release-{Guid.NewGuid().ToString("N")[..6]}", request, cancellationToken);
        try
        {
            await docker.StartContainerAsync(id, cancellationToken);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(timeout);
            int exitCode;
            try
            {
                exitCode = await docker.WaitContainerAsync(id, limit.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return new CommandResult(-1, await docker.GetLogsAsync(id, 200, CancellationToken.None) + $"\n(stopped after {timeout.TotalSeconds:0} s)");
            }

            return new CommandResult(exitCode, await docker.GetLogsAsync(id, 200, cancellationToken));
        }
        finally
        {
            await docker.RemoveContainerAsync(id, CancellationToken.None);
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
