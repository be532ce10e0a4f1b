using AppLauncher.Core.Domains;

namespace AppLauncher.Core.Tests.Domains;

/// <summary>
/// The one answer for an app's host with team domains: <c>domains.teamTemplate</c> for an app of an opted-in team,
/// <c>{app}.{domain}</c> otherwise; and the parse the proxy uses to go back from a team host to the app.
/// </summary>
public sealed class TeamDomainSetTests
{
    private static TeamDomainSet Make()
    {
        var set = new TeamDomainSet(new DomainNamer("apps.test"));
        set.Set("payments", true);
        set.SetApp("web", "payments");
        set.SetApp("shop", "apps");
        return set;
    }

    [Theory]
    [InlineData("web", "payments", "web.payments.apps.test")]
    [InlineData("shop", "apps", "shop.apps.test")]
    [InlineData("shop", null, "shop.apps.test")]
    [InlineData("web", "other", "web.apps.test")]
    public void HostFor_OptedInTeam_UsesTheTeamTemplate_ElseThePlainName(string app, string? team, string host)
    {
        var set = Make();
        Assert.Equal(host, set.HostFor(app, team));
        Assert.Equal($"http://{host}:8080", set.UrlFor(app, team, "http", 8080));
    }

    [Fact]
    public void HostFor_AfterOptingOut_IsThePlainNameAgain()
    {
        var set = Make();
        set.Set("payments", false);
        Assert.Equal("web.apps.test", set.HostFor("web", "payments"));
        Assert.Null(set.AppForTeamHost("web.payments.apps.test"));
    }

    [Theory]
    [InlineData("web.payments.apps.test", "web", "payments")]
    [InlineData("WEB.Payments.apps.test.", "web", "payments")]
    [InlineData("shop.payments.apps.test", "shop", "payments")]
    [InlineData("web.other.apps.test", "web", "other")]
    public void ParseTeamHost_TeamShapedHost_GivesAppAndTeam(string host, string app, string team)
    {
        Assert.Equal((app, team), Make().ParseTeamHost(host));
    }

    [Theory]
    [InlineData("web.apps.test")]
    [InlineData("web.payments.example.org")]
    [InlineData("a.web.payments.apps.test")]
    [InlineData("-x.payments.apps.test")]
    [InlineData("payments.apps.test")]
    public void ParseTeamHost_OtherHosts_AreNull(string host)
    {
        Assert.Null(Make().ParseTeamHost(host));
    }

    [Theory]
    [InlineData("web.payments.apps.test", "web")]
    [InlineData("shop.payments.apps.test", null)]
    [InlineData("gone.payments.apps.test", null)]
    [InlineData("web.other.apps.test", null)]
    public void AppForTeamHost_TheAppMustBelongToTheTeam(string host, string? app)
    {
        var set = Make();
        Assert.Equal(app, set.AppForTeamHost(host));
        set.RemoveApp("web");
        Assert.Null(set.AppForTeamHost("web.payments.apps.test"));
    }

    [Fact]
    public void TeamTemplateWithoutTeam_NamesNoTeamHost()
    {
        var set = new TeamDomainSet(new DomainNamer("apps.test", teamTemplate: DomainTemplate.Parse("{app}-x.{domain}")));
        set.Set("payments", true);
        Assert.Null(set.ParseTeamHost("web-x.apps.test"));
    }
}
