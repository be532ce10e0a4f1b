using AppLauncher.Core.Remotes;

namespace AppLauncher.Core.Tests.Remotes;

public sealed class PollIntervalTests
{
    [Theory]
    [InlineData("30s", 30)]
    [InlineData("1m", 60)]
    [InlineData("2h", 7200)]
    public void Parse_NumberAndUnit_IsSeconds(string text, int seconds)
    {
        Assert.Equal(((int?)seconds, (string?)null), PollInterval.Parse(text, 30));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("off")]
    public void Parse_NothingOrOff_IsNoPolling(string? text)
    {
        Assert.Equal(((int?)null, (string?)null), PollInterval.Parse(text, 30));
    }

    [Theory]
    [InlineData("10s", "between 30 s")]
    [InlineData("8d", "not a number with a unit")]
    [InlineData("-1m", "not a number with a unit")]
    [InlineData("1.5m", "not a number with a unit")]
    [InlineData("99999999999999m", "not a number with a unit")]
    [InlineData("200h", "7 days")]
    public void Parse_Refused_SaysWhy(string text, string expected)
    {
        Assert.Contains(expected, PollInterval.Parse(text, 30).Error);
    }
}
