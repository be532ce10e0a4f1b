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

    [Fact]
    public void HostOf_UsesTheTeamTheAppBelongsTo()
    {
        var set = Make();
        Assert.Equal("web.payments.apps.test", set.HostOf("web"));
        Assert.Equal("shop.apps.test", set.HostOf("shop"));
        Assert.Equal("unknown.apps.test", set.HostOf("unknown"));
    }

    [Fact]
    public void OptedIn_ListsTheTeamsThatOptedIn()
    {
        var set = Make();
        set.Set("ops", true);
        set.Set("ops", false);
        set.Set("data", true);
        Assert.Equal(["data", "payments"], set.OptedIn.Order(StringComparer.Ordinal));
    }

    // 187 characters: {50}.{domain} is 238 (fits), {50}.{20}.{domain} is 259 (does not).
    private static readonly string LongDomain = string.Join('.', Enumerable.Range(0, 3).Select(i => new string((char)('a' + i), 60))) + ".test";

    [Fact]
    public void Refuse_OptedInTeam_TeamHostOver253_NamesTheHostAndTheLimit()
    {
        var set = new TeamDomainSet(new DomainNamer(LongDomain));
        var team = new string('t', 20);
        var app = new string('l', 50);
        set.Set(team, true);

        var error = set.Refuse(app, team);

        Assert.NotNull(error);
        Assert.Contains($"'{app}.{team}.{LongDomain}'", error);
        Assert.Contains("is 259 characters; a DNS name holds at most 253", error);
        Assert.Null(set.Refuse("short", team));
        Assert.Null(set.Refuse(app, "other")); // not opted in: the plain name, 238, fits
        set.Set(team, false);
        Assert.Null(set.Refuse(app, team));
    }

    [Fact]
    public void Refuse_TeamTemplateInOneLabel_LabelOver63_NamesTheLabelAndTheLimit()
    {
        var set = new TeamDomainSet(new DomainNamer("apps.test", teamTemplate: DomainTemplate.Parse("{app}-{team}.{domain}")));
        set.Set("payments", true);
        var app = new string('w', 55);

        var error = set.Refuse(app, "payments");

        Assert.NotNull(error);
        Assert.Contains($"the label '{app}-payments' of 64 characters; a DNS label holds at most 63", error);
        Assert.Null(set.Refuse(new string('w', 54), "payments"));
    }

    [Fact]
    public void Refuse_ThePlainRulesStillHold()
    {
        var set = Make();
        Assert.Contains("reserved", set.Refuse("www", "apps"));
        Assert.NotNull(set.Refuse("Bad_Name", "payments"));
    }
}
