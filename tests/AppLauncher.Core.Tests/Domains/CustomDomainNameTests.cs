using AppLauncher.Core.Domains;

namespace AppLauncher.Core.Tests.Domains;

public sealed class CustomDomainNameTests
{
    private static string? Validate(string domain, string platform = "localhost", string control = "localhost") =>
        CustomDomainName.Validate(domain, platform, control);

    [Theory]
    [InlineData("www.your-company.com")]
    [InlineData("your-company.com")]
    [InlineData("a-b.c-d.shop")]
    [InlineData("xn--bcher-kva.de")]
    [InlineData("1password.com")]
    [InlineData("www.123.com")]
    [InlineData("app.0xcafe.dev")]
    [InlineData("localhost.dev")]
    [InlineData("test.io")]
    [InlineData("example.co")]
    [InlineData("myexample.com")]
    [InlineData("internal.company.com")]
    public void Validate_OwnDomain_IsNull(string domain)
    {
        Assert.Null(Validate(domain));
    }

    [Theory]
    [InlineData("", "required")]
    [InlineData("*.your-company.com", "wildcard")]
    [InlineData("localhost2", "single label")]
    [InlineData("www.exa_mple.com", "'exa_mple', which is not a DNS-1123 label")]
    [InlineData("www..com", "not a DNS-1123 label")]
    [InlineData("hello.localhost", "inside the platform's own domain")]
    [InlineData("localhost.localhost", "inside the platform's own domain")]
    public void Validate_BadDomain_SaysWhy(string domain, string expected)
    {
        Assert.Contains(expected, Validate(domain));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.0.0.8")]
    [InlineData("127.1")]
    [InlineData("2130706433")]
    [InlineData("0x7f.1")]
    [InlineData("0x7f000001")]
    [InlineData("0X7F000001")]
    [InlineData("0177.0.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("::1")]
    [InlineData("[::1]")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("fe80::1")]
    [InlineData("www.1")]
    public void Validate_IpLiteral_IsRefusedAsAnAddress(string domain)
    {
        var error = Validate(domain, "apps.your-company.com", "launcher.your-company.com");

        Assert.Contains("is an IP address", error);
        Assert.Contains("add a domain you registered", error);
    }

    [Theory]
    [InlineData("launcher.your-company.com", "apps.your-company.com", "launcher.your-company.com", "control plane's own host")]
    [InlineData("localhost", "apps.your-company.com", "localhost", "control plane's own host")]
    [InlineData("apps.your-company.com", "apps.your-company.com", "launcher.your-company.com", "inside the platform's own domain")]
    [InlineData("hello.apps.your-company.com", "apps.your-company.com", "launcher.your-company.com", "inside the platform's own domain")]
    [InlineData("candidate-hello.apps.your-company.com", "Apps.Your-Company.com.", "launcher.your-company.com", "inside the platform's own domain")]
    public void Validate_ThePlatformsOwnNames_AreRefused(string domain, string platform, string control, string expected)
    {
        Assert.Contains(expected, Validate(domain, platform, control));
    }

    [Theory]
    [InlineData("localhost", "names the machine itself")]
    [InlineData("hello.localhost", "under localhost")]
    [InlineData("printer.local", "multicast DNS")]
    [InlineData("www.invalid", "never exist")]
    [InlineData("shop.test", "for testing")]
    [InlineData("www.example", "documentation")]
    [InlineData("example.com", "documentation")]
    [InlineData("www.example.com", "under example.com")]
    [InlineData("shop.example.net", "documentation")]
    [InlineData("example.org", "documentation")]
    [InlineData("duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion", "Tor onion")]
    [InlineData("router.home.arpa", "home networks")]
    [InlineData("1.0.0.127.in-addr.arpa", "infrastructure")]
    [InlineData("db.internal", "private networks")]
    [InlineData("www.alt", "outside the DNS")]
    public void Validate_SpecialUseName_SaysWhyAndWhatToUse(string domain, string why)
    {
        var error = Validate(domain, "apps.your-company.com", "launcher.your-company.com");

        Assert.Contains(why, error);
        Assert.Contains("add a domain you registered, e.g. www.your-company.com", error);
    }

    [Fact]
    public void Validate_Over253_IsRefused()
    {
        var domain = string.Join('.', Enumerable.Repeat(new string('a', 63), 4)) + ".x";

        Assert.Contains("at most 253", Validate(domain));
    }

    [Theory]
    [InlineData(" WWW.Example.COM. ", "www.example.com")]
    public void Normalize_LowersAndTrims(string domain, string expected)
    {
        Assert.Equal(expected, CustomDomainName.Normalize(domain));
    }
}
