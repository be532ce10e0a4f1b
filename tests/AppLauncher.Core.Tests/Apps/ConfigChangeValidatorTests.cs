using AppLauncher.Core.Apps;

namespace AppLauncher.Core.Tests.Apps;

public sealed class ConfigChangeValidatorTests
{
    private static IDictionary<string, string[]> Errors(ConfigSetting[] set, string[]? unset = null) =>
        new ConfigChangeValidator().Validate(new ConfigChange(set, unset ?? [])).ToDictionary();

    [Theory]
    [InlineData("DATABASE_URL")]
    [InlineData("_private")]
    [InlineData("a1")]
    public void Validate_VariableName_Passes(string key)
    {
        Assert.Empty(Errors([new(key, "v")]));
    }

    [Theory]
    [InlineData("1ABC", "'1ABC' is not a variable name")]
    [InlineData("MY-VAR", "'MY-VAR' is not a variable name")]
    [InlineData("", "'' is not a variable name")]
    [InlineData("PORT", "PORT is set by the platform")]
    public void Validate_BadKey_FailsNamingTheKeyAndTheRule(string key, string expected)
    {
        var errors = Errors([new(key, "v")]);

        Assert.Contains(expected, Assert.Single(errors[key]));
    }

    [Fact]
    public void Validate_UnsetOfBadKey_Fails()
    {
        Assert.Contains("PORT is set by the platform", Errors([], ["PORT"])["PORT"][0]);
    }

    [Fact]
    public void Validate_KeyTwice_Fails()
    {
        Assert.Contains("more than once", Errors([new("A", "1")], ["A"])["A"][0]);
    }

    [Fact]
    public void Validate_NothingToChange_Fails()
    {
        Assert.Contains("nothing to change", Errors([])["config"][0]);
    }

    [Fact]
    public void Validate_BadValues_FailWithoutQuotingTheValue()
    {
        var errors = Errors([new("NUL", "top\0secret"), new("BIG", new string('x', ConfigChangeValidator.MaxValueLength + 1))]);

        Assert.Contains("NUL character", errors["NUL"][0]);
        Assert.Contains("at most 32768", errors["BIG"][0]);
        Assert.DoesNotContain(errors.Values.SelectMany(m => m), m => m.Contains("secret", StringComparison.Ordinal) || m.Contains("xxxx", StringComparison.Ordinal));
    }

    [Fact]
    public void AppConfigValidator_EnvFollowsTheSameRule()
    {
        var config = new AppConfig { Kind = AppConfig.AppKind, Env = new() { ["GOOD"] = "1", ["MY-VAR"] = "2", ["PORT"] = "3" } };

        var errors = new AppConfigValidator().Validate(config).Errors.Select(e => e.ErrorMessage).ToList();

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("'MY-VAR' is not a variable name", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("PORT is set by the platform", StringComparison.Ordinal));
    }
}
