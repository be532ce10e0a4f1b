using AppLauncher.Core.Remotes;

namespace AppLauncher.Core.Tests.Remotes;

public sealed class RefPlannerTests
{
    private static readonly RefRules Rules = new();

    private static Dictionary<string, string> Refs(params (string Ref, string Commit)[] refs) => refs.ToDictionary(r => r.Ref, r => r.Commit, StringComparer.Ordinal);

    private static string Show(IEnumerable<RefAction> actions) =>
        string.Join("; ", actions.Select(a => $"{a.Kind} {a.Ref}@{a.Commit ?? "-"}" + (a.Tag is null ? "" : $" tag={a.Tag}") + (a.Kind == RefActionKind.Preview ? $" branch={a.Branch}" : "")));

    [Fact]
    public void Plan_FirstFetch_DeploysTheBranchAndOnlyRemembersTagsAndOtherBranches()
    {
        var now = Refs(("refs/heads/main", "a1"), ("refs/heads/feature", "f1"), ("refs/tags/v1.0", "t1"));

        var plan = RefPlanner.Plan(Rules, Refs(), now, firstFetch: true);

        Assert.Equal("Deploy refs/heads/main@a1; Record refs/heads/feature@f1; Record refs/tags/v1.0@t1", Show(plan));
    }

    [Fact]
    public void Plan_NothingChanged_DecidesNothing()
    {
        var refs = Refs(("refs/heads/main", "a1"), ("refs/heads/feature", "f1"));

        Assert.Empty(RefPlanner.Plan(Rules, refs, refs, firstFetch: false));
    }

    [Theory]
    [InlineData("a2", "Deploy refs/heads/main@a2")]    // a push
    [InlineData("a0", "Deploy refs/heads/main@a0")]    // a force-push back: the branch's commit is what deploys
    public void Plan_DeployBranchMoved_DeploysItsCommit(string commit, string expected)
    {
        var plan = RefPlanner.Plan(Rules, Refs(("refs/heads/main", "a1")), Refs(("refs/heads/main", commit)), firstFetch: false);

        Assert.Equal(expected, Show(plan));
    }

    [Fact]
    public void Plan_DeployBranchDeleted_LeavesTheAppAndForgetsTheRef()
    {
        var plan = RefPlanner.Plan(Rules, Refs(("refs/heads/main", "a1")), Refs(), firstFetch: false);

        Assert.Equal("Record refs/heads/main@-", Show(plan));
    }

    [Fact]
    public void Plan_NewMatchingTag_DeploysWithTheTag_NonMatchingTagIsRemembered()
    {
        var before = Refs(("refs/heads/main", "a1"));
        var now = Refs(("refs/heads/main", "a1"), ("refs/tags/v1.2", "t2"), ("refs/tags/nightly", "n1"));

        var plan = RefPlanner.Plan(Rules, before, now, firstFetch: false);

        Assert.Equal("Deploy refs/tags/v1.2@t2 tag=v1.2; Record refs/tags/nightly@n1", Show(plan));
    }

    [Fact]
    public void Plan_SeveralNewTags_DeploysTheHighestVersionOnly()
    {
        var now = Refs(("refs/heads/main", "a1"), ("refs/tags/v1.9", "t9"), ("refs/tags/v1.10", "t10"), ("refs/tags/v1.2", "t2"));

        var plan = RefPlanner.Plan(Rules, Refs(("refs/heads/main", "a1")), now, firstFetch: false);

        Assert.Equal("Record refs/tags/v1.2@t2; Record refs/tags/v1.9@t9; Deploy refs/tags/v1.10@t10 tag=v1.10", Show(plan));
    }

    [Fact]
    public void Plan_BranchAndTagTogether_DeploysTheBranchFirst()
    {
        var now = Refs(("refs/heads/main", "a2"), ("refs/tags/v2", "a2"));

        var plan = RefPlanner.Plan(Rules, Refs(("refs/heads/main", "a1")), now, firstFetch: false);

        Assert.Equal("Deploy refs/heads/main@a2; Deploy refs/tags/v2@a2 tag=v2", Show(plan));
    }

    [Fact]
    public void Plan_OtherBranchPushedThenDeleted_PreviewsThenRemovesThePreview()
    {
        var main = ("refs/heads/main", "a1");
        var pushed = RefPlanner.Plan(Rules, Refs(main), Refs(main, ("refs/heads/feature/x", "f1")), firstFetch: false);
        var deleted = RefPlanner.Plan(Rules, Refs(main, ("refs/heads/feature/x", "f1")), Refs(main), firstFetch: false);

        Assert.Equal("Preview refs/heads/feature/x@f1 branch=feature/x", Show(pushed));
        Assert.Equal("RemovePreview refs/heads/feature/x@-", Show(deleted));
    }

    [Fact]
    public void Plan_PreviewsOff_OtherBranchesAreOnlyRemembered()
    {
        var rules = new RefRules(Previews: false);
        var main = ("refs/heads/main", "a1");

        Assert.Equal("Record refs/heads/feature@f1", Show(RefPlanner.Plan(rules, Refs(main), Refs(main, ("refs/heads/feature", "f1")), firstFetch: false)));
        Assert.Equal("Record refs/heads/feature@-", Show(RefPlanner.Plan(rules, Refs(main, ("refs/heads/feature", "f1")), Refs(main), firstFetch: false)));
    }

    [Fact]
    public void Plan_OtherDeployBranch_MainIsJustABranch()
    {
        var rules = new RefRules(Branch: "production");
        var before = Refs(("refs/heads/production", "p1"), ("refs/heads/main", "m1"));
        var now = Refs(("refs/heads/production", "p1"), ("refs/heads/main", "m2"));

        Assert.Equal("Preview refs/heads/main@m2 branch=main", Show(RefPlanner.Plan(rules, before, now, firstFetch: false)));
    }

    [Theory]
    [InlineData("v*", "v1.0", true)]
    [InlineData("v*", "v", true)]
    [InlineData("v*", "release-1", false)]
    [InlineData("release-?", "release-1", true)]
    [InlineData("release-?", "release-10", false)]
    [InlineData("*-stable", "2.1-stable", true)]
    [InlineData("", "v1", false)]
    [InlineData("*", "anything", true)]
    public void MatchesTag_Glob(string pattern, string tag, bool matches)
    {
        Assert.Equal(matches, new RefRules(Tags: pattern).MatchesTag(tag));
    }

    [Fact]
    public void MatchesTag_ManyStars_DoesNotBacktrackExponentially()
    {
        // Many stars against a long non-matching name: one backtrack point, so at most pattern × name steps.
        var rules = new RefRules(Tags: string.Concat(Enumerable.Repeat("*a", 100)) + "b");

        Assert.False(rules.MatchesTag(new string('a', 5000)));
    }
}
