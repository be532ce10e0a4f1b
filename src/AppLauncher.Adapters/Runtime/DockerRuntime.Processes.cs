using System.Globalization;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace AppLauncher.Runtime;

/// <summary>Non-web process types: one container per instance, contained like web instances, with no port published.</summary>
internal sealed partial class DockerRuntime : IProcessRuntime
{
    public async Task<ProcessInstance> StartProcessAsync(InstanceSpec spec, string type, string command, CancellationToken cancellationToken)
    {
        var request = await CommandContainerAsync(spec, type, ["/bin/sh", "-c", command], RuntimeLabels.ProcessRole, cancellationToken,
            new Dictionary<string, string> { [RuntimeLabels.ProcessType] = type });
        var id = await CreateContainerAsync(request, spec.Revision, cancellationToken);
        try
        {
            await StartContainerAsync(id, spec.Revision, cancellationToken);
        }
        catch
        {
            await RemoveContainerAsync(id, CancellationToken.None);
            throw;
        }

        Log.ProcessStarted(logger, spec.Revision, type, Short(id));
        return new ProcessInstance(id, spec.App, spec.Revision, type, Running: true, time.GetUtcNow());
    }

    public async Task<IReadOnlyList<ProcessInstance>> ListProcessesAsync(string? app, CancellationToken cancellationToken)
    {
        var labels = new Dictionary<string, bool>
        {
            [$"{RuntimeLabels.Installation}={settings.InstallationId}"] = true,
            [$"{RuntimeLabels.Role}={RuntimeLabels.ProcessRole}"] = true,
        };
        if (app is not null)
        {
            labels[$"{RuntimeLabels.App}={app}"] = true;
        }

        IList<ContainerListResponse> containers;
        try
        {
            containers = await docker.Containers.ListContainersAsync(
                new ContainersListParameters { All = true, Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = labels } }, cancellationToken);
        }
        catch (DockerApiException e)
        {
            throw Refused($"list the process containers{(app is null ? "" : $" of {app}")}", e);
        }

        var processes = new List<ProcessInstance>();
        foreach (var c in containers)
        {
            var running = c.State == "running";
            int? exitCode = null;
            var outOfMemory = false;
            DateTimeOffset? startedAt = new DateTimeOffset(DateTime.SpecifyKind(c.Created, DateTimeKind.Utc));
            if (!running && c.State is "exited" or "dead")
            {
                // The list does not carry the exit code: only ended containers are inspected.
                if (await InspectContainerAsync(c.ID, cancellationToken) is not { } ended)
                {
                    continue;
                }

                exitCode = (int?)ended.State?.ExitCode;
                outOfMemory = ended.State?.OOMKilled == true;
            }

            processes.Add(new ProcessInstance(
                c.ID, Label(c.Labels, RuntimeLabels.App), Label(c.Labels, RuntimeLabels.Revision), Label(c.Labels, RuntimeLabels.ProcessType), running, startedAt, exitCode, outOfMemory));
        }

        return processes;
    }

    public async Task RemoveProcessAsync(ProcessInstance process, TimeSpan grace, CancellationToken cancellationToken)
    {
        var instance = new Instance(process.Id, process.App, process.Revision, null, process.Running);
        await StopContainerAsync(instance, grace, cancellationToken);
        await RemoveContainerAsync(process.Id, cancellationToken);
        Log.ProcessRemoved(logger, process.Revision, process.Type, Short(process.Id));
    }

    public Task<string> ProcessLogsAsync(ProcessInstance process, int tail, CancellationToken cancellationToken) =>
        GetLogsAsync(process.Id, tail, cancellationToken);

    private static partial class Log
    {
        [LoggerMessage(20, LogLevel.Information, "Started {Type} of {Revision} as container {ContainerId}")]
        public static partial void ProcessStarted(ILogger logger, string revision, string type, string containerId);

        [LoggerMessage(21, LogLevel.Information, "Removed {Type} of {Revision} (container {ContainerId})")]
        public static partial void ProcessRemoved(ILogger logger, string revision, string type, string containerId);
    }
}
