using AppLauncher.Core.Names;

namespace AppLauncher.Core.Tests.Names;

public sealed class AppNameTests
{
    [Theory]
    [InlineData("hello\n")]
    [InlineData("hello\r\n")]
    [InlineData("\nhello")]
    public void Validate_LineBreakAroundAValidName_IsRefused(string name)
    {
        // .NET's '$' also matches before a final '\n': the name must end where the string ends.
        Assert.Contains("not a DNS-1123 label", AppName.Validate(name));
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("a")]
    [InlineData("hello-node-2")]
    [InlineData("0abc")]
    public void Validate_DnsLabel_IsValid(string name)
    {
        Assert.Null(AppName.Validate(name));
    }

    [Theory]
    [InlineData("Hello_World", "not a DNS-1123 label", "hello-world")]
    [InlineData("-hello", "not a DNS-1123 label", "hello")]
    [InlineData("hello-", "not a DNS-1123 label", "hello")]
    [InlineData("hello.world", "not a DNS-1123 label", "hello-world")]
    [InlineData("", "required", null)]
    public void Validate_NotADnsLabel_NamesTheRuleAndSuggests(string name, string rule, string? suggestion)
    {
        var error = AppName.Validate(name);

        Assert.NotNull(error);
        Assert.Contains(rule, error);
        if (suggestion is not null)
        {
            Assert.Contains($"try '{suggestion}'", error);
        }
    }

    [Fact]
    public void Validate_64Characters_IsTooLong()
    {
        Assert.Null(AppName.Validate(new string('a', 63)));
        Assert.Contains("at most 63", AppName.Validate(new string('a', 64)));
    }
}
