using AppLauncher.Core.Apps;

namespace AppLauncher.Core.Tests.Apps;

public sealed class EnvVarNameTests
{
    [Theory]
    [InlineData("DATABASE_URL")]
    [InlineData("_private")]
    public void Validate_VariableName_IsValid(string key)
    {
        Assert.Null(EnvVarName.Validate(key));
    }

    [Theory]
    [InlineData("DATABASE_URL\n")]
    [InlineData("1ST")]
    [InlineData("A-B")]
    public void Validate_NotAVariableName_NamesTheRule(string key)
    {
        Assert.Contains("is not a variable name", EnvVarName.Validate(key));
    }
}
