namespace AppLauncher.Docker;

/// <summary>The Docker Engine API calls AppLauncher makes, and no others.</summary>
public interface IDockerClient
{
    Task PingAsync(CancellationToken cancellationToken);

    /// <summary>Builds an image from a tar build context; each output message goes to <paramref name="onMessage"/>. Returns the image id.</summary>
    Task<string> BuildImageAsync(Stream context, BuildParameters parameters, Func<BuildMessage, Task> onMessage, CancellationToken cancellationToken);

    Task<ImageInspect?> InspectImageAsync(string name, CancellationToken cancellationToken);

    Task<string> CreateContainerAsync(string name, ContainerCreateRequest request, CancellationToken cancellationToken);

    Task StartContainerAsync(string id, CancellationToken cancellationToken);

    /// <summary>Waits until the container exits; returns its exit code.</summary>
    Task<int> WaitContainerAsync(string id, CancellationToken cancellationToken);

    /// <summary>Changes a container's restart policy (<c>no</c>, <c>unless-stopped</c>…).</summary>
    Task SetRestartPolicyAsync(string id, string policy, CancellationToken cancellationToken);

    /// <summary>Stops a container: SIGTERM, then SIGKILL after <paramref name="graceSeconds"/>.</summary>
    Task StopContainerAsync(string id, int graceSeconds, CancellationToken cancellationToken);

    Task RemoveContainerAsync(string id, CancellationToken cancellationToken);

    /// <summary>Freezes every process of the container (cgroup freezer); memory stays, CPU goes to zero.</summary>
    Task PauseContainerAsync(string id, CancellationToken cancellationToken);

    Task UnpauseContainerAsync(string id, CancellationToken cancellationToken);

    /// <summary>One sample of the container's resource use (no waiting for a second sample).</summary>
    Task<ContainerStats?> StatsAsync(string id, CancellationToken cancellationToken);

    Task<ContainerInspect?> InspectContainerAsync(string id, CancellationToken cancellationToken);

    /// <summary>Containers carrying every one of <paramref name="labels"/> (<c>key=value</c>).</summary>
    Task<IReadOnlyList<ContainerSummary>> ListContainersAsync(IReadOnlyList<string> labels, CancellationToken cancellationToken);

    /// <summary>The container's stdout and stderr, interleaved, as text.</summary>
    Task<string> GetLogsAsync(string id, int tail, CancellationToken cancellationToken);

    /// <summary>Gives an image another name (<c>repository:tag</c>).</summary>
    Task TagImageAsync(string image, string repository, string tag, CancellationToken cancellationToken);

    /// <summary>Pushes <c>repository:tag</c> to its registry; returns the manifest digest the registry reported (<c>sha256:…</c>).</summary>
    Task<string> PushImageAsync(string repository, string tag, CancellationToken cancellationToken);
}
