using System.Collections.Concurrent;

namespace AppLauncher.Identity;

/// <summary>
/// Slows down guessing: after <see cref="Allowed"/> failures from one key (an address, or a user name for directory
/// logins) within a window, further attempts are refused until the window passes. Bounded: old keys are dropped.
/// </summary>
internal sealed class LoginThrottle(TimeProvider time)
{
    public const int Allowed = 10;

    private const int MaxKeys = 10_000;

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, (int Count, DateTimeOffset Since)> _failures = new(StringComparer.Ordinal);

    /// <summary>How long <paramref name="key"/> must wait, or null when it may try now.</summary>
    public TimeSpan? RetryAfter(string key)
    {
        if (!_failures.TryGetValue(key, out var entry))
        {
            return null;
        }

        var left = entry.Since + Window - time.GetUtcNow();
        if (left <= TimeSpan.Zero)
        {
            _failures.TryRemove(key, out _);
            return null;
        }

        return entry.Count >= Allowed ? left : null;
    }

    public void Failed(string key)
    {
        if (_failures.Count >= MaxKeys)
        {
            _failures.Clear();
        }

        var now = time.GetUtcNow();
        _failures.AddOrUpdate(key, _ => (1, now), (_, e) => now - e.Since > Window ? (1, now) : (e.Count + 1, e.Since));
    }

    public void Succeeded(string key) => _failures.TryRemove(key, out _);
}
