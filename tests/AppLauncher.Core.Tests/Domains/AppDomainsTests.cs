using AppLauncher.Core.Domains;

namespace AppLauncher.Core.Tests.Domains;

public sealed class AppDomainsTests
{
    [Theory]
    [InlineData("hello.localhost", "localhost", "hello")]
    [InlineData("HELLO.LocalHost", "localhost", "hello")]
    [InlineData("api.apps.example.com", "apps.example.com", "api")]
    [InlineData("localhost", "localhost", null)]
    [InlineData("a.b.localhost", "localhost", null)]
    [InlineData("hellolocalhost", "localhost", null)]
    [InlineData("127.0.0.1", "localhost", null)]
    [InlineData(".localhost", "localhost", null)]
    [InlineData("hello.localhost.", "localhost", "hello")]
    [InlineData("HELLO.LocalHost.", "localhost", "hello")]
    [InlineData("hello.localhost..", "localhost", null)]
    [InlineData("localhost.", "localhost", null)]
    public void AppFromHost_OnlyOneLabelUnderTheDomain_IsAnApp(string host, string domain, string? app)
    {
        Assert.Equal(app, AppDomains.AppFromHost(host, domain));
    }

    [Theory]
    [InlineData("http", 8080, "http://hello.localhost:8080")]
    [InlineData("http", 80, "http://hello.localhost")]
    [InlineData("https", 443, "https://hello.localhost")]
    public void UrlFor_DefaultPortIsOmitted(string scheme, int port, string url)
    {
        Assert.Equal(url, AppDomains.UrlFor("hello", "localhost", scheme, port));
    }
}
