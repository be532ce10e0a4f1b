namespace AppLauncher.Runtime;

/// <summary>An instance that ended without being asked to: killed, crashed, or ended by the kernel for its memory.</summary>
/// <param name="InstanceId">The instance (container id on Docker).</param>
/// <param name="ExitCode">Its exit code, when the runtime knows it (137: SIGKILL).</param>
/// <param name="OutOfMemory">The kernel ended it for exceeding its memory limit.</param>
public sealed record InstanceFailure(string InstanceId, string App, string Revision, int? ExitCode, bool OutOfMemory, DateTimeOffset At);

/// <summary>
/// Takes the instances a runtime sees end (<c>DockerInstanceWatcher</c>, from the engine's events), at once and without
/// polling. The runtime reports every end it sees, including those it was asked for (a scale-in, a drain): the
/// implementation tells them apart (an instance still in its route did not end on purpose). Calls come one at a time,
/// from one background task; an implementation returns quickly and does not throw. The supervisor implements it: the
/// runtime reports, the supervisor replaces, and neither imports the other.
/// </summary>
public interface IInstanceFailureSink
{
    void InstanceEnded(InstanceFailure failure);
}
