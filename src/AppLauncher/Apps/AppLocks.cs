using System.Collections.Concurrent;

namespace AppLauncher.Apps;

/// <summary>One lock per app: deploys and rollbacks of the same app run one at a time; the autoscaler leaves a locked app alone.</summary>
public sealed class AppLocks
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    public bool IsHeld(string app) => _locks.TryGetValue(app, out var gate) && gate.CurrentCount == 0;

    /// <summary>Takes the app's lock; <paramref name="onWait"/> runs first when someone else holds it.</summary>
    public async Task<IDisposable> AcquireAsync(string app, Func<Task> onWait, CancellationToken cancellationToken)
    {
        var gate = _locks.GetOrAdd(app, _ => new SemaphoreSlim(1, 1));
        if (!await gate.WaitAsync(TimeSpan.Zero, cancellationToken))
        {
            await onWait();
            await gate.WaitAsync(cancellationToken);
        }

        return new Release(gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
