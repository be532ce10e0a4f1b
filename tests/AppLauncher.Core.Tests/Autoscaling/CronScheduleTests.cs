using AppLauncher.Core.Autoscaling;

namespace AppLauncher.Core.Tests.Autoscaling;

public sealed class CronScheduleTests
{
    private static DateTime At(string text) => DateTime.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("50 8 * * 1-5", "2026-11-23 08:50", true)]
    [InlineData("50 8 * * 1-5", "2026-11-28 08:50", false)] // Saturday
    [InlineData("50 8 * * MON-FRI", "2026-11-27 08:50", true)]
    [InlineData("*/15 * * * *", "2026-11-23 10:45", true)]
    [InlineData("*/15 * * * *", "2026-11-23 10:46", false)]
    [InlineData("0 0 1 JAN *", "2026-01-01 00:00", true)]
    [InlineData("0 12 * * 0", "2026-11-29 12:00", true)] // Sunday as 0
    [InlineData("0 12 * * 7", "2026-11-29 12:00", true)] // and as 7
    [InlineData("0 12 1 * MON", "2026-11-23 12:00", true)] // either day field matches
    [InlineData("5,10-12 * * * *", "2026-11-23 10:11", true)]
    public void Matches_StandardCron(string cron, string time, bool expected)
    {
        Assert.Equal(expected, CronSchedule.TryParse(cron, out _)!.Matches(At(time)));
    }

    [Fact]
    public void LatestAtOrBefore_FindsThePreviousWeekdayOccurrence()
    {
        var cron = CronSchedule.TryParse("50 8 * * 1-5", out _)!;

        Assert.Equal(At("2026-11-27 08:50"), cron.LatestAtOrBefore(At("2026-11-29 07:00"), TimeSpan.FromDays(8))); // Sunday → Friday
        Assert.Equal(At("2026-11-23 08:50"), cron.LatestAtOrBefore(At("2026-11-23 08:50:30"), TimeSpan.FromDays(8)));
        Assert.Null(cron.LatestAtOrBefore(At("2026-11-29 07:00"), TimeSpan.FromHours(12)));
    }

    [Theory]
    [InlineData("* * * *", "5-field")]
    [InlineData("60 * * * *", "minute: '60' is outside 0-59")]
    [InlineData("0 24 * * *", "hour")]
    [InlineData("0 0 0 * *", "day of month")]
    [InlineData("0 0 * FOO *", "month: 'FOO' is not a number or name")]
    [InlineData("*/0 * * * *", "bad step")]
    [InlineData("0 0 * * 5-1", "outside")]
    public void TryParse_Invalid_ErrorNamesTheField(string cron, string message)
    {
        Assert.Null(CronSchedule.TryParse(cron, out var error));
        Assert.Contains(message, error);
    }
}
