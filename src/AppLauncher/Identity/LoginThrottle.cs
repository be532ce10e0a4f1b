using AppLauncher.Store;

namespace AppLauncher.Identity;

/// <summary>
/// Counts failed logins per key (a user name, a client address) over the last minute: at the limit, further attempts
/// are refused until the oldest of the last <c>limit</c> failures is a minute old. The failures are in the store
/// (both providers), so a restart does not reset a lockout, and a minute's worth is all it keeps.
/// </summary>
internal sealed class LoginThrottle(IIdentityStore store, TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>How long until <paramref name="keys"/> may try again; null when none is at <paramref name="limit"/>.</summary>
    public async Task<TimeSpan?> RetryAfterAsync(int limit, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        TimeSpan? wait = null;
        foreach (var key in keys)
        {
            var newest = await store.ListLoginFailuresAsync(key, now - Window, limit, cancellationToken);
            if (newest.Count >= limit)
            {
                var until = newest[limit - 1] + Window - now;
                wait = wait is { } w && w > until ? w : until;
            }
        }

        return wait is { } positive && positive > TimeSpan.Zero ? positive : null;
    }

    public Task FailAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return store.AddLoginFailuresAsync(keys, now, now - Window, cancellationToken);
    }
}
