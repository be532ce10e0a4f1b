using System.Globalization;
using System.Text;
using AppLauncher.Docker;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace AppLauncher.Runtime;

/// <summary>One-off runs: a container per run, contained like the app's instances, no port published, no restart.</summary>
internal sealed partial class DockerRuntime : IRunRuntime
{
    /// <summary>The shell's code for "command not found", reported when the engine cannot start the command at all.</summary>
    private const int NotFoundExitCode = 127;

    public bool AcceptsInput => true;

    /// <summary>The engine has no scheduler: AppLauncher's (Quartz) runs the apps' cron jobs as one-off runs.</summary>
    public bool RunsCronJobs => false;

    public async Task<int> RunAsync(InstanceSpec spec, IReadOnlyList<string> command, Stream? stdin, Func<string, Task> started, Func<RunOutput, Task> output, CancellationToken cancellationToken)
    {
        var id = await CreateRunAsync(spec, command, stdin is not null, cancellationToken);
        try
        {
            // Attached before the start, so not a byte of output is missed.
            using var stream = await AttachAsync(id, stdin is not null, cancellationToken);
            try
            {
                await docker.Containers.StartContainerAsync(id, new ContainerStartParameters(), cancellationToken);
            }
            catch (DockerApiException e)
            {
                await output(new RunOutput("stderr", $"{DockerEngine.Message(e)}\n"));
                return NotFoundExitCode;
            }

            await started(id);
            using var feed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var feeding = stdin is null ? Task.CompletedTask : FeedAsync(stream, stdin, feed.Token);
            await DockerEngine.ReadFramesAsync(stream, (stderr, text) => output(new RunOutput(stderr ? "stderr" : "stdout", text)), cancellationToken);
            // The command ended; input it did not read is dropped (a live console may still be open for more).
            await feed.CancelAsync();
            try
            {
                await feeding;
            }
            catch (Exception e) when (e is OperationCanceledException or IOException && !cancellationToken.IsCancellationRequested)
            {
                // Stopped feeding a command that no longer reads.
            }

            try
            {
                return (int)(await docker.Containers.WaitContainerAsync(id, cancellationToken)).StatusCode;
            }
            catch (DockerApiException e)
            {
                throw Refused($"wait for the run {Short(id)} of {spec.Revision}", e);
            }
        }
        finally
        {
            // Force: a run whose caller went away is killed, not left behind.
            await RemoveContainerAsync(id, CancellationToken.None);
        }
    }

    public async Task<RunInstance> StartDetachedAsync(InstanceSpec spec, IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        var id = await CreateRunAsync(spec, command, openStdin: false, cancellationToken);
        try
        {
            await docker.Containers.StartContainerAsync(id, new ContainerStartParameters(), cancellationToken);
        }
        catch (DockerApiException e)
        {
            await RemoveContainerAsync(id, CancellationToken.None);
            throw Refused($"start '{string.Join(' ', command)}' in {spec.Revision}", e);
        }

        return new RunInstance(id, spec.App, spec.Revision, string.Join(' ', command), "running", time.GetUtcNow());
    }

    public async Task<IReadOnlyList<RunInstance>> ListRunsAsync(string app, CancellationToken cancellationToken)
    {
        var labels = new Dictionary<string, bool>
        {
            [$"{RuntimeLabels.Installation}={settings.InstallationId}"] = true,
            [$"{RuntimeLabels.Role}={RuntimeLabels.RunRole}"] = true,
            [$"{RuntimeLabels.App}={app}"] = true,
        };
        IList<ContainerListResponse> containers;
        try
        {
            containers = await docker.Containers.ListContainersAsync(
                new ContainersListParameters { All = true, Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = labels } }, cancellationToken);
        }
        catch (DockerApiException e)
        {
            throw Refused($"list the runs of {app}", e);
        }

        return [.. containers.Select(c => new RunInstance(c.ID, app, Label(c.Labels, RuntimeLabels.Revision), Label(c.Labels, RuntimeLabels.RunCommand),
            c.State switch { "running" => "running", "created" => "starting", _ => "ended" },
            new DateTimeOffset(DateTime.SpecifyKind(c.Created, DateTimeKind.Utc))))];
    }

    public Task<string> RunLogsAsync(RunInstance run, int tail, CancellationToken cancellationToken) => GetLogsAsync(run.Id, tail, cancellationToken);

    private async Task<string> CreateRunAsync(InstanceSpec spec, IReadOnlyList<string> command, bool openStdin, CancellationToken cancellationToken)
    {
        var request = await CommandContainerAsync(spec, "run", [.. command], RuntimeLabels.RunRole, cancellationToken,
            new Dictionary<string, string> { [RuntimeLabels.RunCommand] = string.Join(' ', command) });
        request.AttachStdout = true;
        request.AttachStderr = true;
        request.AttachStdin = openStdin;
        request.OpenStdin = openStdin;
        request.StdinOnce = openStdin;
        return await CreateContainerAsync(request, spec.Revision, cancellationToken);
    }

    private async Task<MultiplexedStream> AttachAsync(string id, bool stdin, CancellationToken cancellationToken)
    {
        try
        {
            return await docker.Containers.AttachContainerAsync(id, new ContainerAttachParameters { Stream = true, Stdout = true, Stderr = true, Stdin = stdin }, cancellationToken);
        }
        catch (DockerApiException e)
        {
            throw Refused($"attach to the run {Short(id)}", e);
        }
    }

    private static async Task FeedAsync(MultiplexedStream stream, Stream stdin, CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        int read;
        while ((read = await stdin.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await stream.WriteAsync(buffer, 0, read, cancellationToken);
        }

        // End of input: the command sees EOF (StdinOnce closes its stdin when this attach ends writing).
        stream.CloseWrite();
    }
}
