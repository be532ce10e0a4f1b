using AppLauncher.Core.Apps;

namespace AppLauncher.Core.Tests.Apps;

public sealed class ConfigDiffTests
{
    private static readonly Dictionary<string, ConfigValue> Current = new()
    {
        ["FOO"] = new("1", false),
        ["TOKEN"] = new("s3cret", true),
    };

    private static ConfigDiff Compute(ConfigSetting[] set, string[]? unset = null) => ConfigDiff.Compute(Current, new ConfigChange(set, unset ?? []));

    [Fact]
    public void Compute_NewAndChangedValues_SetsThemAndDescribesByName()
    {
        var diff = Compute([new("DATABASE_URL", "postgres://db"), new("FOO", "2")], ["BAR", "TOKEN"]);

        Assert.Equal(["DATABASE_URL", "FOO"], diff.Set);
        Assert.Equal(["TOKEN"], diff.Unset);
        Assert.Equal("set DATABASE_URL, FOO; unset TOKEN", diff.Description);
        Assert.True(diff.ChangesEnvironment);
        Assert.Equal(new Dictionary<string, string> { ["DATABASE_URL"] = "postgres://db", ["FOO"] = "2" }, ConfigDiff.Environment(diff.Result));
    }

    [Fact]
    public void Compute_SameValueAndUnsetOfMissingKey_IsNoChange()
    {
        var diff = Compute([new("FOO", "1")], ["NOT_SET"]);

        Assert.True(diff.IsEmpty);
        Assert.False(diff.ChangesEnvironment);
        Assert.Equal("", diff.Description);
    }

    [Fact]
    public void Compute_SecretSetAgainWithoutFlag_StaysSecret()
    {
        var diff = Compute([new("TOKEN", "rotated")]);

        Assert.True(diff.Result["TOKEN"].Secret);
        Assert.Equal(["TOKEN"], diff.Set);
    }

    [Fact]
    public void Compute_SameValueMarkedSecret_ChangesTheFlagOnly()
    {
        var diff = Compute([new("FOO", "1", Secret: true)]);

        Assert.False(diff.IsEmpty);
        Assert.False(diff.ChangesEnvironment);
        Assert.Equal(["FOO"], diff.MarkedSecret);
        Assert.Equal("mark secret FOO", diff.Description);
        Assert.True(diff.Result["FOO"].Secret);
    }

    [Fact]
    public void ConfigValue_ToString_NeverShowsTheValue()
    {
        Assert.DoesNotContain("s3cret", new ConfigValue("s3cret", true).ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("plain", new ConfigValue("plain", false).ToString(), StringComparison.Ordinal);
    }
}
