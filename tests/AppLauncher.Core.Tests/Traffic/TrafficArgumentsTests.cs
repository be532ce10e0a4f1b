using AppLauncher.Core.Traffic;

namespace AppLauncher.Core.Tests.Traffic;

public sealed class TrafficArgumentsTests
{
    [Fact]
    public void ParseShares_RevisionsAndLatest()
    {
        var (shares, error) = TrafficArguments.ParseShares(["hello-00006=90", "@latest=10%"]);

        Assert.Null(error);
        Assert.Equal([new TrafficTarget { Revision = "hello-00006", Percent = 90 }, new TrafficTarget { Latest = true, Percent = 10 }], shares);
    }

    [Theory]
    [InlineData("hello-00006=90|hello-00007=20", "add up to 110 %")]
    [InlineData("hello-00006=90", "add up to 90 %")]
    [InlineData("hello-00006", "is not REVISION=PERCENT")]
    [InlineData("hello-00006=ninety", "whole percent from 0 to 100")]
    [InlineData("hello-00006=-5|hello-00007=105", "whole percent from 0 to 100")]
    [InlineData("hello-00006=101", "whole percent from 0 to 100")]
    [InlineData("hello-00006=50|hello-00006=50", "given twice")]
    [InlineData("latest=50|@latest=50", "given twice")]
    [InlineData("", "at least one share")]
    public void ParseShares_BadInput_SaysWhatIsWrong(string arguments, string expected)
    {
        var (shares, error) = TrafficArguments.ParseShares(arguments.Split('|', StringSplitOptions.RemoveEmptyEntries));

        Assert.Empty(shares);
        Assert.Contains(expected, error);
    }
}
