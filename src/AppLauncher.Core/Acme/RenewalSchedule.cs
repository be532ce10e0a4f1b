namespace AppLauncher.Core.Acme;

/// <summary>
/// When a certificate is renewed and when a failed order is tried again: pure functions of the certificate's dates,
/// the server's advice (ARI window, Retry-After), the failures so far and the clock. No I/O.
/// </summary>
public static class RenewalSchedule
{
    /// <summary>
    /// The moment to renew: inside the ARI window when the server gave one (at <paramref name="jitter"/> of the way
    /// through it, RFC 9773 §4.2 asks for a random point), else at two thirds of the lifetime.
    /// </summary>
    public static DateTimeOffset RenewAt(DateTimeOffset notBefore, DateTimeOffset notAfter, DateTimeOffset? windowStart = null, DateTimeOffset? windowEnd = null, double jitter = 0)
    {
        if (windowStart is { } start && windowEnd is { } end && end >= start)
        {
            return start + ((end - start) * Math.Clamp(jitter, 0, 1));
        }

        var lifetime = notAfter - notBefore;
        return lifetime <= TimeSpan.Zero ? notBefore : notBefore + (lifetime * 2 / 3);
    }

    /// <summary>
    /// After the <paramref name="failures"/>th failure in a row: <paramref name="min"/> doubled per further failure, at
    /// most <paramref name="max"/>; the server's Retry-After wins when it is longer.
    /// </summary>
    public static TimeSpan RetryDelay(int failures, TimeSpan min, TimeSpan max, TimeSpan? retryAfter = null)
    {
        var exponent = Math.Clamp(failures - 1, 0, 30);
        var backoff = TimeSpan.FromTicks((long)Math.Min(max.Ticks, min.Ticks * Math.Pow(2, exponent)));
        return retryAfter is { } after && after > backoff ? after : backoff;
    }

    /// <summary>
    /// When to try again after a failure: the retry delay from <paramref name="now"/>, but never later than the moment
    /// the current certificate (if any) has one tenth of its lifetime left, so a long backoff cannot let it expire.
    /// </summary>
    public static DateTimeOffset NextAttempt(DateTimeOffset now, int failures, TimeSpan min, TimeSpan max, TimeSpan? retryAfter = null,
        DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        var next = now + RetryDelay(failures, min, max, retryAfter);
        if (notBefore is { } nb && notAfter is { } na && na > now)
        {
            var lastChance = na - ((na - nb) / 10);
            var floor = now + min;
            var cap = lastChance > floor ? lastChance : floor;
            if (next > cap && (retryAfter is null || now + retryAfter <= cap))
            {
                next = cap;
            }
        }

        return next;
    }

    /// <summary>At most how long before expiry a certificate is reported as expiring.</summary>
    public static readonly TimeSpan ExpiringWithin = TimeSpan.FromDays(7);

    /// <summary>
    /// From when a certificate still served counts as expiring (<c>certificate-expiring</c>): seven days before
    /// not-after, or a sixth of its lifetime when that is shorter. Renewal starts at two thirds, so a certificate gets
    /// here only when renewals kept failing; a short-lived one (6 days) must not be "expiring" from birth.
    /// </summary>
    public static DateTimeOffset ExpiringFrom(DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var lifetime = notAfter - notBefore;
        var lead = lifetime <= TimeSpan.Zero ? TimeSpan.Zero : lifetime / 6 < ExpiringWithin ? lifetime / 6 : ExpiringWithin;
        return notAfter - lead;
    }

    /// <summary>Whether an order is due now: no certificate yet, or its renewal time passed; and no retry waits.</summary>
    public static bool IsDue(DateTimeOffset now, bool hasCertificate, DateTimeOffset? renewAt, DateTimeOffset? nextAttempt) =>
        (nextAttempt is null || nextAttempt <= now) && (!hasCertificate || renewAt is null || renewAt <= now);
}
