using AppLauncher.Core.Autoscaling;
using AppLauncher.Core.Processes;

namespace AppLauncher.Core.Tests.Processes;

public sealed class CronNextRunTests
{
    private static DateTimeOffset? Next(string schedule, string after, string zone = "UTC") =>
        CronNextRun.After(CronSchedule.TryParse(schedule, out _)!, DateTimeOffset.Parse(after, System.Globalization.CultureInfo.InvariantCulture), TimeZoneInfo.FindSystemTimeZoneById(zone));

    [Theory]
    [InlineData("* * * * *", "2026-12-02T10:15:00Z", "2026-12-02T10:16:00Z")]
    [InlineData("* * * * *", "2026-12-02T10:15:59.999Z", "2026-12-02T10:16:00Z")]
    [InlineData("0 3 * * *", "2026-12-02T03:00:00Z", "2026-12-03T03:00:00Z")]
    [InlineData("*/15 * * * *", "2026-12-02T10:01:00Z", "2026-12-02T10:15:00Z")]
    [InlineData("0 9 * * MON-FRI", "2026-12-04T09:00:00Z", "2026-12-07T09:00:00Z")]
    public void After_Utc_FirstMatchingMinuteStrictlyAfter(string schedule, string after, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Next(schedule, after));
    }

    [Fact]
    public void After_TimeZone_ReadsTheScheduleOnThatWallClock()
    {
        // 03:00 in Paris is 02:00 UTC in winter.
        Assert.Equal(DateTimeOffset.Parse("2026-12-03T02:00:00Z", System.Globalization.CultureInfo.InvariantCulture), Next("0 3 * * *", "2026-12-02T12:00:00Z", "Europe/Paris"));
    }

    [Fact]
    public void After_TimeInTheSpringGap_SkippedThatDay()
    {
        // 29 March 2026: Paris goes from 02:00 to 03:00, so 02:30 does not happen that day; the next is 30 March, 00:30 UTC.
        Assert.Equal(DateTimeOffset.Parse("2026-03-30T00:30:00Z", System.Globalization.CultureInfo.InvariantCulture), Next("30 2 * * *", "2026-03-28T12:00:00Z", "Europe/Paris"));
    }

    [Fact]
    public void After_NeverMatches_Null()
    {
        Assert.Null(Next("0 0 30 2 *", "2026-12-02T00:00:00Z"));
    }
}
