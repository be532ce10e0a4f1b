using AppLauncher.Core.Autoscaling;

namespace AppLauncher.Core.Tests.Autoscaling;

/// <summary>The cap one revision scales to: its max, else the per-app default, and never past the platform's room.</summary>
public sealed class InstanceCapTests
{
    [Theory]
    //          policy max, per-app default, platform max, elsewhere → cap
    [InlineData(5, 10, 1000, 0, 5)]        // the app's own max wins over the default
    [InlineData(0, 10, 1000, 0, 10)]       // max 0: the per-app default
    [InlineData(50, 10, 1000, 0, 50)]      // an explicit max above the default is honoured
    [InlineData(0, 10, 1000, 995, 5)]      // the platform has room for 5 more
    [InlineData(50, 10, 1000, 1000, 0)]    // the platform is full: nothing more
    [InlineData(0, 10, 1000, 1200, 0)]     // over the cap (a lowered setting): never negative
    [InlineData(0, 0, 1000, 10, 990)]      // no per-app default: the platform's room
    [InlineData(0, 0, 0, 10, int.MaxValue)] // both off: no cap at all
    public void For_PolicyDefaultAndPlatform_TakesTheTightest(int policyMax, int defaultMax, int platformMax, int elsewhere, int expected)
    {
        Assert.Equal(expected, InstanceCap.For(policyMax, defaultMax, platformMax, elsewhere).Max);
    }

    [Fact]
    public void For_PlatformTighterThanApp_ReasonNamesThePlatformCap()
    {
        var cap = InstanceCap.For(5, 10, 1000, 998);

        Assert.Equal("platform cap 1000: 2 left (998 elsewhere)", cap.Reason);
    }
}
