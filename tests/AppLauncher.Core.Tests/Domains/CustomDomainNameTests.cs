using AppLauncher.Core.Domains;

namespace AppLauncher.Core.Tests.Domains;

public sealed class CustomDomainNameTests
{
    [Theory]
    [InlineData("www.example.com")]
    [InlineData("example.com")]
    [InlineData("a-b.c-d.example")]
    [InlineData("xn--bcher-kva.example")]
    public void Validate_OwnDomain_IsNull(string domain)
    {
        Assert.Null(CustomDomainName.Validate(domain, "localhost"));
    }

    [Theory]
    [InlineData("", "required")]
    [InlineData("*.example.com", "wildcard")]
    [InlineData("localhost2", "single label")]
    [InlineData("www.exa_mple.com", "'exa_mple', which is not a DNS-1123 label")]
    [InlineData("www..com", "not a DNS-1123 label")]
    [InlineData("hello.localhost", "inside the platform's own domain")]
    [InlineData("localhost.localhost", "inside the platform's own domain")]
    public void Validate_BadDomain_SaysWhy(string domain, string expected)
    {
        Assert.Contains(expected, CustomDomainName.Validate(domain, "localhost"));
    }

    [Fact]
    public void Validate_Over253_IsRefused()
    {
        var domain = string.Join('.', Enumerable.Repeat(new string('a', 63), 4)) + ".x";

        Assert.Contains("at most 253", CustomDomainName.Validate(domain, "localhost"));
    }

    [Theory]
    [InlineData(" WWW.Example.COM. ", "www.example.com")]
    public void Normalize_LowersAndTrims(string domain, string expected)
    {
        Assert.Equal(expected, CustomDomainName.Normalize(domain));
    }
}
