namespace AppLauncher.Build;

/// <summary>
/// At most <c>build.concurrency</c> builds at once, first come first served, and at most <c>build.maxQueued</c>
/// waiting: a build past that is refused at once (<see cref="TryEnterAsync"/> returns null) rather than queued
/// without bound. A waiting build hears its place each time it changes.
/// </summary>
internal sealed class BuildQueue(int concurrency, int maxQueued)
{
    private readonly object _gate = new();
    private readonly LinkedList<Waiter> _waiting = [];
    private int _running;

    public int Running
    {
        get { lock (_gate) { return _running; } }
    }

    public int Queued
    {
        get { lock (_gate) { return _waiting.Count; } }
    }

    /// <summary>
    /// A build slot, released by disposing it; null when the queue is full. While it waits, <paramref name="onWait"/>
    /// hears how many builds wait ahead of this one and how many run, first at once and again whenever that changes.
    /// </summary>
    public async Task<IDisposable?> TryEnterAsync(Func<int, int, Task> onWait, CancellationToken cancellationToken)
    {
        Waiter waiter;
        lock (_gate)
        {
            if (_running < concurrency && _waiting.Count == 0)
            {
                _running++;
                return new Slot(this);
            }

            if (_waiting.Count >= maxQueued)
            {
                return null;
            }

            waiter = new Waiter();
            waiter.Node = _waiting.AddLast(waiter);
        }

        try
        {
            var reported = (-1, -1);
            while (true)
            {
                Task changed;
                (int Ahead, int Running) now;
                lock (_gate)
                {
                    if (waiter.Granted.Task.IsCompleted)
                    {
                        return new Slot(this);
                    }

                    now = (Position(waiter), _running);
                    changed = waiter.Changed.Task;
                }

                if (now != reported)
                {
                    reported = now;
                    await onWait(now.Ahead, now.Running);
                }

                await Task.WhenAny(changed, waiter.Granted.Task).WaitAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            lock (_gate)
            {
                if (waiter.Granted.Task.IsCompleted)
                {
                    // Granted while it gave up: pass the slot on.
                    ReleaseLocked();
                }
                else
                {
                    _waiting.Remove(waiter.Node!);
                    NotifyLocked();
                }
            }

            throw;
        }
    }

    private int Position(Waiter waiter)
    {
        var ahead = 0;
        for (var node = _waiting.First; node is not null && node.Value != waiter; node = node.Next)
        {
            ahead++;
        }

        return ahead;
    }

    private void Release()
    {
        lock (_gate)
        {
            ReleaseLocked();
        }
    }

    private void ReleaseLocked()
    {
        if (_waiting.First is { } next)
        {
            // The slot passes straight to the first waiter: _running stays.
            _waiting.RemoveFirst();
            next.Value.Granted.TrySetResult();
        }
        else
        {
            _running--;
        }

        NotifyLocked();
    }

    private void NotifyLocked()
    {
        foreach (var waiter in _waiting)
        {
            var changed = waiter.Changed;
            waiter.Changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
            changed.TrySetResult();
        }
    }

    private sealed class Waiter
    {
        public LinkedListNode<Waiter>? Node { get; set; }

        public TaskCompletionSource Granted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Changed { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Slot(BuildQueue queue) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                queue.Release();
            }
        }
    }
}
