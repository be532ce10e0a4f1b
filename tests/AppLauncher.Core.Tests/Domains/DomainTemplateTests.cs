using AppLauncher.Core.Domains;

namespace AppLauncher.Core.Tests.Domains;

public sealed class DomainTemplateTests
{
    [Theory]
    [InlineData("{app}.{domain}")]
    [InlineData("{app}.{team}.{domain}")]
    [InlineData("{tag}-{app}.{domain}")]
    [InlineData("{app}.apps.{domain}")]
    public void Validate_GoodTemplate_IsNull(string template)
    {
        Assert.Null(DomainTemplate.Validate(template));
    }

    [Theory]
    [InlineData("", "required")]
    [InlineData("{name}.{domain}", "unknown placeholder '{name}'")]
    [InlineData("{team}.{domain}", "does not contain {app}")]
    [InlineData("{app}.example.com", "must end with '.{domain}'")]
    [InlineData("{app}_x.{domain}", "lowercase letters")]
    [InlineData("{app}..{domain}", "no empty label")]
    [InlineData("{App}.{domain}", "unknown placeholder")]
    public void Validate_BadTemplate_SaysWhatAndHow(string template, string expected)
    {
        Assert.Contains(expected, DomainTemplate.Validate(template));
    }

    [Theory]
    [InlineData("{app}.{domain}", "hello.localhost", "localhost", "hello")]
    [InlineData("{app}.{domain}", "HELLO.LocalHost.", "localhost", "hello")]
    [InlineData("{app}.{domain}", "a.b.localhost", "localhost", null)]
    [InlineData("{app}.{domain}", "localhost", "localhost", null)]
    [InlineData("{app}.{domain}", "hellolocalhost", "localhost", null)]
    [InlineData("{app}.{team}.{domain}", "api.payments.apps.test", "apps.test", "api")]
    [InlineData("{app}.{team}.{domain}", "api.apps.test", "apps.test", null)]
    [InlineData("{tag}-{app}.{domain}", "v2-my-api.apps.test", "apps.test", "my-api")]
    [InlineData("{app}.apps.{domain}", "hello.apps.example.com", "example.com", "hello")]
    [InlineData("{app}.{domain}", "hello.apps.test", "apps.test", "hello")]
    [InlineData("{app}.{domain}", "hello.appsxtest", "apps.test", null)]
    public void AppFrom_Host_GivesTheApp(string template, string host, string domain, string? app)
    {
        Assert.Equal(app, DomainTemplate.Parse(template).AppFrom(host, domain));
    }

    [Fact]
    public void Render_FillsEveryPlaceholder()
    {
        Assert.Equal("v2-api.payments.apps.test", DomainTemplate.Parse("{tag}-{app}.{team}.{domain}").Render("api", "apps.test", "payments", "v2"));
    }
}
