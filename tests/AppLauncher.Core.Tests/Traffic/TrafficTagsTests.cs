using AppLauncher.Core.Traffic;

namespace AppLauncher.Core.Tests.Traffic;

public sealed class TrafficTagsTests
{
    [Theory]
    [InlineData("candidate", null)]
    [InlineData("v2", null)]
    [InlineData("Candidate", "not a DNS label")]
    [InlineData("-x", "not a DNS label")]
    [InlineData("a_b", "try 'a-b'")]
    [InlineData("latest", "reserved")]
    public void Validate(string tag, string? expected)
    {
        var error = TrafficTags.Validate(tag, "hello");

        if (expected is null)
        {
            Assert.Null(error);
        }
        else
        {
            Assert.Contains(expected, error);
        }
    }

    [Fact]
    public void Validate_TrailingNewline_IsRefused()
    {
        Assert.Contains("not a DNS label", TrafficTags.Validate("candidate\n", "hello"));
    }

    [Fact]
    public void Validate_TagTooLongForTheHostLabel()
    {
        Assert.Contains("at most 63", TrafficTags.Validate(new string('t', 60), "hello"));
    }

    [Theory]
    [InlineData("feature/Login_v2", "hello", "feature-login-v2")]
    [InlineData("fix--it", "hello", "fix-it")]
    [InlineData("___", "hello", null)]
    public void ForBranch(string branch, string app, string? expected)
    {
        Assert.Equal(expected, TrafficTags.ForBranch(branch, app));
    }

    [Fact]
    public void ForBranch_CutsToFitBesideTheAppName()
    {
        var tag = TrafficTags.ForBranch("a-very-long-branch-name-that-goes-on-and-on-forever", "my-rather-long-app-name");

        Assert.NotNull(tag);
        Assert.True(TrafficTags.HostLabel(tag, "my-rather-long-app-name").Length <= 63);
        Assert.Null(TrafficTags.Validate(tag, "my-rather-long-app-name"));
    }
}
