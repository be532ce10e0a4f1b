using AppLauncher.Release;
using AppLauncher.Runtime;
using AppLauncher.Security;
using AppLauncher.Store;

namespace AppLauncher.Processes;

/// <summary>Why a one-off run could not start: the HTTP status to answer with, and what to do.</summary>
public sealed record RunRefusal(int StatusCode, string Title, string Detail);

/// <summary>
/// One-off runs (<c>launcher run</c>, cron jobs): a command in a new container of the app's current revision, with its
/// config vars and the containment of its instances. At most <see cref="MaxConcurrent"/> attached runs at once on the
/// platform: each holds a container and a connection, and the bound is what keeps them from eating the machine.
/// </summary>
internal sealed class OneOffRuns(IStore store, RevisionInstances specs, IRunRuntime? runtime = null)
{
    public const int MaxConcurrent = 16;

    private readonly SemaphoreSlim _slots = new(MaxConcurrent, MaxConcurrent);

    /// <summary>Whether runs here take standard input (<c>launcher run -i</c>, the console).</summary>
    public bool AcceptsInput => runtime?.AcceptsInput ?? false;

    /// <summary>True when the runtime runs the apps' cron jobs itself (Kubernetes CronJobs), so AppLauncher's scheduler must not.</summary>
    public bool RuntimeRunsCronJobs => runtime?.RunsCronJobs ?? false;

    /// <summary>Why a run with input cannot happen here; null when it can.</summary>
    public RunRefusal? InputRefusal => runtime is null || AcceptsInput
        ? null
        : new(StatusCodes.Status409Conflict, "No input here", "This runtime runs one-off commands without input (on kubernetes a run is a Job): drop -i, or use the docker runtime for a console.");

    /// <summary>The spec a run of <paramref name="app"/> starts from, or why there is none.</summary>
    public async Task<(InstanceSpec? Spec, RunRefusal? Refusal)> PrepareAsync(string app, CancellationToken cancellationToken)
    {
        if (runtime is null)
        {
            return (null, new(StatusCodes.Status409Conflict, "Not supported here", "This runtime does not run one-off commands yet."));
        }

        if (await store.GetAppAsync(app, cancellationToken) is not { } record)
        {
            return (null, new(StatusCodes.Status404NotFound, "No such app", $"No app named '{app}'. Create it with git push (or 'launcher apps create {app}')."));
        }

        if (record.CurrentRevision is null || await store.GetRevisionAsync(record.CurrentRevision, cancellationToken) is not { } revision)
        {
            return (null, new(StatusCodes.Status409Conflict, "Nothing to run", $"{app} has no revision yet: push it first (git push), then run commands in its image."));
        }

        return (await specs.SpecAsync(revision, cancellationToken), null);
    }

    /// <summary>
    /// Runs to the end (see <see cref="IRunRuntime.RunAsync"/>); null when every slot is taken. The output is masked like
    /// <c>/logs</c>: an app that prints its secrets does not pass them on to whoever runs its commands.
    /// </summary>
    public async Task<int?> RunAsync(InstanceSpec spec, IReadOnlyList<string> command, Stream? stdin, Func<string, Task> started, Func<RunOutput, Task> output, CancellationToken cancellationToken)
    {
        if (!await _slots.WaitAsync(TimeSpan.Zero, cancellationToken))
        {
            return null;
        }

        try
        {
            var secrets = await SecretsAsync(spec.App, cancellationToken);
            var streams = new Dictionary<string, StreamingSecretRedactor>(StringComparer.Ordinal);
            var exitCode = await runtime!.RunAsync(spec, command, stdin, started, async o =>
            {
                StreamingSecretRedactor redactor;
                lock (streams)
                {
                    redactor = streams.TryGetValue(o.Stream, out var r) ? r : streams[o.Stream] = new StreamingSecretRedactor(secrets);
                }

                if (redactor.Push(o.Text) is { Length: > 0 } text)
                {
                    await output(o with { Text = text });
                }
            }, cancellationToken);
            foreach (var (stream, redactor) in streams)
            {
                if (redactor.Flush() is { Length: > 0 } rest)
                {
                    await output(new RunOutput(stream, rest));
                }
            }

            return exitCode;
        }
        finally
        {
            _slots.Release();
        }
    }

    public Task<RunInstance> StartDetachedAsync(InstanceSpec spec, IReadOnlyList<string> command, CancellationToken cancellationToken) =>
        runtime!.StartDetachedAsync(spec, command, cancellationToken);

    public async Task<IReadOnlyList<RunInstance>> ListAsync(string app, CancellationToken cancellationToken) =>
        runtime is null ? [] : await runtime.ListRunsAsync(app, cancellationToken);

    /// <summary>A detached run's output, masked like <c>/logs</c>.</summary>
    public async Task<string> LogsAsync(RunInstance run, int tail, CancellationToken cancellationToken) =>
        SecretRedactor.Redact(await runtime!.RunLogsAsync(run, tail, cancellationToken), await SecretsAsync(run.App, cancellationToken));

    private async Task<IReadOnlyList<string>> SecretsAsync(string app, CancellationToken cancellationToken) =>
        (await store.ListConfigAsync(app, cancellationToken)).Where(v => v.Secret).Select(v => v.Value).ToList();
}
