using AppLauncher.Core.Acme;

namespace AppLauncher.Core.Tests.Acme;

/// <summary>Renewal at two thirds of the lifetime or inside ARI's window; retries doubling from the minimum, capped, with Retry-After winning.</summary>
public sealed class RenewalScheduleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(90 * 24, 60 * 24)] // 90 days: at day 60
    [InlineData(24 * 7, 112)] // 7 days: at 112 h
    [InlineData(3, 2)] // 3 h: at 2 h
    [InlineData(0, 0)] // no lifetime: at once
    public void RenewAt_NoAri_TwoThirdsOfTheLifetime(int lifetimeHours, int renewHours)
    {
        Assert.Equal(T0.AddHours(renewHours), RenewalSchedule.RenewAt(T0, T0.AddHours(lifetimeHours)));
    }

    [Theory]
    [InlineData(0.0, 10)]
    [InlineData(0.5, 11)]
    [InlineData(1.0, 12)]
    [InlineData(7.0, 12)] // a jitter out of range is clamped into the window
    [InlineData(-3.0, 10)]
    public void RenewAt_AriWindow_AtTheJitteredPointInsideIt(double jitter, int hour)
    {
        var renew = RenewalSchedule.RenewAt(T0, T0.AddDays(90), T0.AddDays(1).AddHours(-2), T0.AddDays(1), jitter);

        Assert.Equal(T0.Date.AddDays(1).AddHours(hour), renew.UtcDateTime);
    }

    [Fact]
    public void RenewAt_AriWindowEndingBeforeItStarts_IsIgnored()
    {
        Assert.Equal(T0.AddDays(60), RenewalSchedule.RenewAt(T0, T0.AddDays(90), T0.AddDays(5), T0.AddDays(4), 0.5));
    }

    [Theory]
    [InlineData(1, null, 60)]
    [InlineData(2, null, 120)]
    [InlineData(3, null, 240)]
    [InlineData(8, null, 3600)] // 60 * 128 capped at the hour
    [InlineData(1000, null, 3600)]
    [InlineData(1, 600, 600)] // Retry-After longer than the backoff wins
    [InlineData(3, 30, 240)] // shorter does not shorten it
    [InlineData(0, null, 60)]
    public void RetryDelay_DoublesFromMinUpToMax_RetryAfterWinsWhenLonger(int failures, int? retryAfter, int seconds)
    {
        var delay = RenewalSchedule.RetryDelay(failures, TimeSpan.FromSeconds(60), TimeSpan.FromHours(1), retryAfter is { } r ? TimeSpan.FromSeconds(r) : null);

        Assert.Equal(TimeSpan.FromSeconds(seconds), delay);
    }

    [Fact]
    public void NextAttempt_LongBackoff_NeverLetsTheCurrentCertificateExpire()
    {
        // A 90-day certificate with 12 days left: a day-long backoff is cut to the last tenth of the lifetime (day 81).
        var notBefore = T0.AddDays(-78);
        var next = RenewalSchedule.NextAttempt(T0, 20, TimeSpan.FromMinutes(1), TimeSpan.FromDays(7), null, notBefore, notBefore.AddDays(90));

        Assert.Equal(notBefore.AddDays(81), next);
    }

    [Fact]
    public void NextAttempt_PastTheLastTenth_StillWaitsTheMinimum()
    {
        var notBefore = T0.AddDays(-89);
        var next = RenewalSchedule.NextAttempt(T0, 20, TimeSpan.FromMinutes(1), TimeSpan.FromDays(7), null, notBefore, notBefore.AddDays(90));

        Assert.Equal(T0.AddMinutes(1), next);
    }

    [Fact]
    public void NextAttempt_RateLimited_HonoursRetryAfterEvenPastTheCap()
    {
        var notBefore = T0.AddDays(-89);
        var next = RenewalSchedule.NextAttempt(T0, 1, TimeSpan.FromMinutes(1), TimeSpan.FromDays(7), TimeSpan.FromHours(3), notBefore, notBefore.AddDays(90));

        Assert.Equal(T0.AddHours(3), next);
    }

    [Fact]
    public void NextAttempt_NoCertificateYet_PlainBackoff()
    {
        Assert.Equal(T0.AddMinutes(4), RenewalSchedule.NextAttempt(T0, 3, TimeSpan.FromMinutes(1), TimeSpan.FromDays(1)));
    }

    [Theory]
    [InlineData(false, null, null, true)] // nothing yet: order
    [InlineData(false, null, 10, false)] // nothing yet, but a retry waits
    [InlineData(false, null, -10, true)]
    [InlineData(true, 10, null, false)] // fresh
    [InlineData(true, -10, null, true)] // renewal time passed
    [InlineData(true, -10, 10, false)] // due, but the last attempt failed and its retry waits
    [InlineData(true, null, null, true)]
    public void IsDue_Table(bool hasCertificate, int? renewInSeconds, int? retryInSeconds, bool due)
    {
        Assert.Equal(due, RenewalSchedule.IsDue(T0, hasCertificate, renewInSeconds is { } r ? T0.AddSeconds(r) : null, retryInSeconds is { } n ? T0.AddSeconds(n) : null));
    }

    [Theory]
    [InlineData(90 * 24, 83 * 24)] // 90 days: 7 days before the end
    [InlineData(6 * 24, 5 * 24)] // 6 days: a sixth, one day before the end
    [InlineData(0, 0)] // no lifetime: at not-after
    public void ExpiringFrom_Table(int lifetimeHours, int expiringAfterHours)
    {
        Assert.Equal(T0.AddHours(expiringAfterHours), RenewalSchedule.ExpiringFrom(T0, T0.AddHours(lifetimeHours)));
    }

    [Fact]
    public void ExpiringFrom_IsAfterTheRenewal_SoOnlyFailedRenewalsGetThere()
    {
        foreach (var hours in new[] { 3, 24, 6 * 24, 90 * 24, 397 * 24 })
        {
            Assert.True(RenewalSchedule.ExpiringFrom(T0, T0.AddHours(hours)) > RenewalSchedule.RenewAt(T0, T0.AddHours(hours)), $"{hours} h");
        }
    }
}
