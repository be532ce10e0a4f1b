using System.Collections.Concurrent;

namespace AppLauncher.Apps;

/// <summary>One lock per app: deploys and rollbacks of the same app run one at a time; the autoscaler leaves a locked app alone.</summary>
public sealed class AppLocks
{
    private readonly ConcurrentDictionary<string, Gate> _locks = new(StringComparer.Ordinal);

    public bool IsHeld(string app) => _locks.TryGetValue(app, out var gate) && gate.Semaphore.CurrentCount == 0;

    private long _sequence;

    /// <summary>
    /// A mark for <see cref="ChangedSince"/>. A reader that looks at apps' state in two steps (the store, then the
    /// runtime) takes a mark first: a change that began and ended in between leaves the two steps disagreeing, although
    /// the lock is free again when the reader looks at it.
    /// </summary>
    public long Mark() => Interlocked.Read(ref _sequence);

    /// <summary>Whether the app's lock is held now or was taken after <paramref name="mark"/> was.</summary>
    public bool ChangedSince(string app, long mark) =>
        _locks.TryGetValue(app, out var gate) && (gate.Semaphore.CurrentCount == 0 || Interlocked.Read(ref gate.TakenAt) > mark);

    /// <summary>Takes the app's lock; <paramref name="onWait"/> runs first when someone else holds it.</summary>
    public async Task<IDisposable> AcquireAsync(string app, Func<Task> onWait, CancellationToken cancellationToken)
    {
        var gate = _locks.GetOrAdd(app, _ => new Gate());
        if (!await gate.Semaphore.WaitAsync(TimeSpan.Zero, cancellationToken))
        {
            await onWait();
            await gate.Semaphore.WaitAsync(cancellationToken);
        }

        Interlocked.Exchange(ref gate.TakenAt, Interlocked.Increment(ref _sequence));
        return new Release(gate.Semaphore);
    }

    private sealed class Gate
    {
        public readonly SemaphoreSlim Semaphore = new(1, 1);
        public long TakenAt;
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
