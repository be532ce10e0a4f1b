namespace AppLauncher.Identity;

/// <summary>
/// Counts failed logins per key (a user name, a client address) over the last minute: at the limit, further attempts
/// are refused until the oldest failure is a minute old. In memory: a restart forgets, which only shortens a lockout.
/// </summary>
internal sealed class LoginThrottle(TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private const int MaxKeys = 10_000;
    private readonly Dictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>How long until <paramref name="keys"/> may try again; null when none is at <paramref name="limit"/>.</summary>
    public TimeSpan? RetryAfter(int limit, params string[] keys)
    {
        var now = time.GetUtcNow();
        TimeSpan? wait = null;
        lock (_lock)
        {
            foreach (var key in keys)
            {
                if (_failures.TryGetValue(key, out var q) && Prune(q, now) >= limit)
                {
                    var until = q.ElementAt(q.Count - limit) + Window - now;
                    wait = wait is { } w && w > until ? w : until;
                }
            }
        }

        return wait;
    }

    public void Fail(params string[] keys)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (_failures.Count >= MaxKeys)
            {
                foreach (var stale in _failures.Where(kv => Prune(kv.Value, now) == 0).Select(kv => kv.Key).ToList())
                {
                    _failures.Remove(stale);
                }
            }

            foreach (var key in keys)
            {
                if (!_failures.TryGetValue(key, out var q))
                {
                    if (_failures.Count >= MaxKeys)
                    {
                        continue;
                    }

                    _failures[key] = q = new Queue<DateTimeOffset>();
                }

                q.Enqueue(now);
            }
        }
    }

    private static int Prune(Queue<DateTimeOffset> failures, DateTimeOffset now)
    {
        while (failures.Count > 0 && failures.Peek() <= now - Window)
        {
            failures.Dequeue();
        }

        return failures.Count;
    }
}
