using AppLauncher.Core.Identity;

namespace AppLauncher.Core.Tests.Identity;

public sealed class AccessDeciderTests
{
    private static readonly Dictionary<string, Role> DevInA = new() { ["a"] = Role.Developer, ["b"] = Role.Viewer };

    private static Principal User(Dictionary<string, Role>? teams = null, bool owner = false, string? tokenTeam = null, Role? tokenRole = null) =>
        new("dana", owner, teams ?? DevInA, "laptop", tokenTeam, tokenRole);

    private static readonly Principal Deploy = new("dana", false, DevInA, "ci", DeployApp: "shop");

    public static TheoryData<string, Principal, AccessRule, string?, string?, bool> Cases => new()
    {
        { "developer reads", User(), new(Role.Viewer, AccessTarget.App), "a", "shop", true },
        { "developer changes", User(), new(Role.Developer, AccessTarget.App), "a", "shop", true },
        { "developer cannot delete", User(), new(Role.Admin, AccessTarget.App), "a", "shop", false },
        { "viewer in b cannot change", User(), new(Role.Developer, AccessTarget.App), "b", "web", false },
        { "viewer in b reads", User(), new(Role.Viewer, AccessTarget.App), "b", "web", true },
        { "no role in c", User(), new(Role.Viewer, AccessTarget.App), "c", "x", false },
        { "owner deletes anywhere", User([], owner: true), new(Role.Admin, AccessTarget.App), "c", "x", true },
        { "owner runs gc", User([], owner: true), new(Role.Admin, AccessTarget.Platform), null, null, true },
        { "team admin cannot run gc", User(new() { ["a"] = Role.Admin }), new(Role.Admin, AccessTarget.Platform), null, null, false },
        { "narrowed token: lower role wins", User(tokenTeam: "a", tokenRole: Role.Viewer), new(Role.Developer, AccessTarget.App), "a", "shop", false },
        { "narrowed token: reads its team", User(tokenTeam: "a", tokenRole: Role.Viewer), new(Role.Viewer, AccessTarget.App), "a", "shop", true },
        { "narrowed token: other team closed", User(tokenTeam: "a", tokenRole: Role.Admin), new(Role.Viewer, AccessTarget.App), "b", "web", false },
        { "narrowed token: never above the user", User(tokenTeam: "a", tokenRole: Role.Admin), new(Role.Admin, AccessTarget.App), "a", "shop", false },
        { "narrowed owner token is not owner", User([], owner: true, tokenTeam: "a", tokenRole: Role.Developer), new(Role.Admin, AccessTarget.Platform), null, null, false },
        { "narrowed owner token: role in its team", User([], owner: true, tokenTeam: "a", tokenRole: Role.Developer), new(Role.Developer, AccessTarget.App), "a", "shop", true },
        { "deploy token reads its logs", Deploy, new(Role.Viewer, AccessTarget.App, DeployTokens: true), "a", "shop", true },
        { "deploy token, other app's logs", Deploy, new(Role.Viewer, AccessTarget.App, DeployTokens: true), "a", "web", false },
        { "deploy token, config of its app", Deploy, new(Role.Viewer, AccessTarget.App), "a", "shop", false },
        { "deploy token, whoami", Deploy, new(Role.Viewer, AccessTarget.Self, DeployTokens: true), null, null, true },
        { "deploy token, token list", Deploy, new(Role.Viewer, AccessTarget.Self), null, null, false },
        { "no such app: a developer gets to the 404", User(), new(Role.Developer, AccessTarget.App), null, "nope", true },
        { "no such app: a viewer-only user does not", User(new() { ["b"] = Role.Viewer }), new(Role.Developer, AccessTarget.App), null, "nope", false },
        { "any team: developer of one", User(), new(Role.Developer, AccessTarget.AnyTeam), null, null, true },
        { "any team: viewer only", User(new() { ["b"] = Role.Viewer }), new(Role.Developer, AccessTarget.AnyTeam), null, null, false },
        { "team admin manages members", User(new() { ["a"] = Role.Admin }), new(Role.Admin, AccessTarget.Team, RouteValue: "team"), "a", null, true },
        { "team admin of a, members of b", User(new() { ["a"] = Role.Admin }), new(Role.Admin, AccessTarget.Team, RouteValue: "team"), "b", null, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decide_Table(string why, Principal principal, AccessRule rule, string? team, string? app, bool allowed) =>
        Assert.True(AccessDecider.Decide(principal, rule, team, app).Allowed == allowed, why);

    [Fact]
    public void Decide_Refused_NamesTheRoleTheTeamAndWhatTheTokenHas()
    {
        var decision = AccessDecider.Decide(User(), new AccessRule(Role.Admin, AccessTarget.App), "a", "shop");

        Assert.Equal(("admin", "a"), (decision.NeededRole, decision.Team));
        Assert.Contains("needs the admin role in team 'a' (the team of shop)", decision.Reason, StringComparison.Ordinal);
        Assert.Contains("has developer there", decision.Reason, StringComparison.Ordinal);
        Assert.Contains("launcher teams add a dana --role admin", decision.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("30d", 30 * 24 * 60)]
    [InlineData("12h", 12 * 60)]
    [InlineData("90m", 90)]
    public void TokenLifetime_Parse_Units(string text, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), TokenLifetime.Parse(text).Value);

    [Theory]
    [InlineData("30", "no known unit")]
    [InlineData("d", "not a lifetime")]
    [InlineData("-1d", "not a lifetime")]
    [InlineData("3w", "no known unit")]
    [InlineData("4000d", "over ten years")]
    public void TokenLifetime_Parse_BadInput_SaysWhy(string text, string error) =>
        Assert.Contains(error, TokenLifetime.Parse(text).Error, StringComparison.Ordinal);

    [Theory]
    [InlineData("Developer", Role.Developer)]
    [InlineData(" viewer ", Role.Viewer)]
    [InlineData("admin", Role.Admin)]
    public void Roles_Parse_KnownNames(string text, Role role) => Assert.Equal(role, Roles.Parse(text));

    [Theory]
    [InlineData("develper")]
    [InlineData("owner")]
    [InlineData("")]
    public void Roles_Parse_UnknownNames_Null(string text) => Assert.Null(Roles.Parse(text));
}
