using AppLauncher.Core.Domains;

namespace AppLauncher.Core.Tests.Domains;

public sealed class DomainNamerTests
{
    private static readonly DomainNamer Namer = new("apps.test", controlPlaneHost: "launcher.apps.test");

    [Theory]
    [InlineData("hello", null, "hello.apps.test")]
    [InlineData("api", "payments", "api.payments.apps.test")]
    [InlineData("a", null, "a.apps.test")]
    public void HostFor_ValidApp_FollowsTheTemplates(string app, string? team, string host)
    {
        Assert.Equal(DomainNameResult.Ok(host), Namer.HostFor(app, team));
    }

    [Fact]
    public void TagHostFor_ValidTag_IsTagDashApp()
    {
        Assert.Equal("v2-hello.apps.test", Namer.TagHostFor("hello", "v2").Host);
    }

    [Theory]
    [InlineData("www", "reserved for the platform itself")]
    [InlineData("ns", "reserved for the platform itself")]
    [InlineData("launcher", "the control plane's host")]
    [InlineData("Hello", "not a DNS-1123 label")]
    [InlineData("hello_world", "try 'hello-world'")]
    [InlineData("-x", "not a DNS-1123 label")]
    [InlineData("", "required")]
    public void HostFor_BadOrReservedApp_SaysWhy(string app, string expected)
    {
        var result = Namer.HostFor(app);

        Assert.False(result.IsValid);
        Assert.Contains(expected, result.Error);
    }

    [Fact]
    public void HostFor_AppNameOf64_IsRefused()
    {
        Assert.Contains("at most 63", Namer.HostFor(new string('a', 64)).Error);
    }

    [Fact]
    public void TagHostFor_TagAndAppOver63_NamesTheLongLabel()
    {
        var result = Namer.TagHostFor(new string('a', 40), new string('b', 30));

        Assert.Contains("of 71 characters; a DNS label holds at most 63", result.Error);
    }

    [Fact]
    public void HostFor_NameOver253_IsRefused()
    {
        var domain = string.Join('.', Enumerable.Repeat(new string('d', 60), 4)); // 243 characters
        var namer = new DomainNamer(domain);

        Assert.True(namer.HostFor("abcdefghi").IsValid); // 253
        Assert.Contains("at most 253", namer.HostFor("abcdefghij").Error);
    }

    [Theory]
    [InlineData("team_x", "team 'team_x' is not a DNS-1123 label")]
    public void HostFor_BadTeam_SaysWhy(string team, string expected)
    {
        Assert.Contains(expected, Namer.HostFor("api", team).Error);
    }

    [Fact]
    public void HostFor_ConfiguredReservedLabels_ReplaceTheDefaults()
    {
        var namer = new DomainNamer("apps.test", reservedLabels: ["admin"]);

        Assert.False(namer.HostFor("admin").IsValid);
        Assert.True(namer.HostFor("www").IsValid);
    }

    [Fact]
    public void Refuse_ControlPlaneIsTheDomain_StillAllowsApps()
    {
        var namer = new DomainNamer("localhost", controlPlaneHost: "localhost");

        Assert.Null(namer.Refuse("hello"));
    }
}
