namespace AppLauncher.Runtime;

/// <summary>
/// A container whose output is collected: an app's web instance, worker, release command or one-off run.
/// <paramref name="Process"/> is <c>web</c>, the Procfile type (<c>worker</c>), <c>release</c> or <c>run</c>.
/// </summary>
public sealed record LogTarget(string Id, string App, string Revision, string Process, bool Running);

/// <summary>
/// Where the platform's containers' output comes from as it is written: the containers there are, the ones that start,
/// and each one's output from a point in time on. The log collector sits on top of it; it knows no engine.
/// </summary>
public interface IContainerLogSource
{
    /// <summary>This installation's containers (<paramref name="all"/>: ended ones too, whose output is still kept).</summary>
    Task<IReadOnlyList<LogTarget>> ListTargetsAsync(bool all, CancellationToken cancellationToken);

    /// <summary>Calls <paramref name="started"/> for every container that starts, until cancelled (reconnecting when the stream breaks).</summary>
    Task WatchStartsAsync(Func<LogTarget, Task> started, CancellationToken cancellationToken);

    /// <summary>
    /// Hands the container's output to <paramref name="onText"/> (true for stderr) as it is written, from
    /// <paramref name="since"/> (everything when null) until the container stops or is removed.
    /// </summary>
    Task FollowAsync(string id, DateTimeOffset? since, Func<bool, string, Task> onText, CancellationToken cancellationToken);
}
