using System.Collections.Concurrent;
using AppLauncher.Core.Supervision;

namespace AppLauncher.Autoscaling;

/// <summary>Each revision's crash history (<see cref="CrashBackoff"/>): written by the supervisor and the scaler, read by the autoscaler and the API.</summary>
internal sealed class CrashLoops(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, CrashBackoff> _revisions = new(StringComparer.Ordinal);

    /// <summary>The revisions with a history.</summary>
    public IEnumerable<string> Revisions => _revisions.Keys;

    /// <summary>Counts one more crash of the revision and returns its history.</summary>
    public CrashBackoff Record(string revision, int? exitCode, bool outOfMemory, string output)
    {
        var now = time.GetUtcNow();
        return _revisions.AddOrUpdate(
            revision, _ => CrashBackoff.After(null, now, exitCode, outOfMemory, output), (_, previous) => CrashBackoff.After(previous, now, exitCode, outOfMemory, output));
    }

    /// <summary>Adds the crashed instance's last output to <paramref name="crash"/>, unless a later crash has replaced it.</summary>
    public void SetOutput(string revision, CrashBackoff crash, string output) =>
        _revisions.TryUpdate(revision, crash with { LastOutput = output }, crash);

    /// <summary>The revision's history while it still counts, else null.</summary>
    public CrashBackoff? Find(string revision)
    {
        if (_revisions.TryGetValue(revision, out var state) && state.Expired(time.GetUtcNow()))
        {
            _revisions.TryRemove(KeyValuePair.Create(revision, state));
            return null;
        }

        return state;
    }

    /// <summary>When the revision may start an instance again, if it must wait.</summary>
    public DateTimeOffset? BackingOffUntil(string revision) =>
        Find(revision) is { } state && state.BackingOff(time.GetUtcNow()) ? state.NextStartAt : null;

    public void Forget(string revision) => _revisions.TryRemove(revision, out _);
}
