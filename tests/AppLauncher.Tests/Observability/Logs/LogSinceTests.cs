using AppLauncher.Observability.Logs;

namespace AppLauncher.Tests.Observability.Logs;

public sealed class LogSinceTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 5, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("30s", "2026-12-02T04:59:30Z")]
    [InlineData("10m", "2026-12-02T04:50:00Z")]
    [InlineData("2h", "2026-12-02T03:00:00Z")]
    [InlineData("7d", "2026-11-25T05:00:00Z")]
    [InlineData("2026-12-02T04:00:00Z", "2026-12-02T04:00:00Z")]
    [InlineData("2026-12-02T06:00:00+02:00", "2026-12-02T04:00:00Z")]
    public void Parse_DurationOrRfc3339_TheInstant(string text, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), LogSince.Parse(text, Now));

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("10y")]
    [InlineData("-5m")]
    [InlineData("9999999m")]
    [InlineData("yesterday")]
    [InlineData("2026-13-02T04:00:00Z")]
    public void Parse_Neither_Null(string text) => Assert.Null(LogSince.Parse(text, Now));
}
