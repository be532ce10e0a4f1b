using AppLauncher.Core.Traffic;

namespace AppLauncher.Core.Tests.Traffic;

public sealed class TrafficPlanTests
{
    [Fact]
    public void Default_SendsEverythingToTheLatestRevision()
    {
        var resolved = TrafficPlan.Default.Resolve("hello-00003");

        Assert.Equal([new RevisionWeight("hello-00003", 100)], resolved.Weights);
        Assert.Empty(resolved.Tags);
        Assert.True(TrafficPlan.Default.TracksLatest);
    }

    [Fact]
    public void Resolve_WithoutALatestRevision_RoutesNothingForLatest()
    {
        Assert.Empty(TrafficPlan.Default.Resolve(null).Revisions);
    }

    [Fact]
    public void Resolve_LatestAndItsPinnedRevision_AddUp()
    {
        var plan = new TrafficPlan
        {
            Targets =
            [
                new TrafficTarget { Revision = "hello-00002", Percent = 30 },
                new TrafficTarget { Latest = true, Percent = 70, Tag = "current" },
            ],
        };

        var resolved = plan.Resolve("hello-00002");

        Assert.Equal([new RevisionWeight("hello-00002", 100)], resolved.Weights);
        Assert.Equal("hello-00002", resolved.Tags["current"]);
    }

    [Fact]
    public void WithShares_KeepsTagsAndPreviews()
    {
        var plan = TrafficPlan.Default
            .WithTag("candidate", "hello-00007")
            .WithTag("feature-x", "hello-00009", branch: "feature/x");

        var split = plan.WithShares([new TrafficTarget { Revision = "hello-00006", Percent = 90 }, new TrafficTarget { Revision = "hello-00007", Percent = 10 }]);
        var resolved = split.Resolve("hello-00008");

        Assert.Equal([new RevisionWeight("hello-00006", 90), new RevisionWeight("hello-00007", 10), new RevisionWeight("hello-00009", 0)], resolved.Weights);
        Assert.Equal("hello-00007", resolved.Tags["candidate"]);
        Assert.Equal("hello-00009", resolved.Tags["feature-x"]);
        Assert.Single(split.Previews);
        Assert.False(split.TracksLatest);
        Assert.Equal(["hello-00006", "hello-00007", "hello-00009"], resolved.Revisions.Order());
    }

    [Fact]
    public void WithoutTag_DropsATagOnlyTargetButKeepsAShare()
    {
        var plan = TrafficPlan.Default.WithTag("now", null, latest: true).WithTag("old", "hello-00001");

        var untagged = plan.WithoutTag("now").WithoutTag("old");

        Assert.Equal([new TrafficTarget { Latest = true, Percent = 100 }], untagged.Targets);
    }

    [Fact]
    public void WithTag_MovesATagFromOneRevisionToAnother()
    {
        var plan = TrafficPlan.Default.WithTag("candidate", "hello-00001").WithTag("candidate", "hello-00002");

        Assert.Equal("hello-00002", plan.Resolve("hello-00003").Tags["candidate"]);
        Assert.Equal(2, plan.Targets.Count);
    }

    [Fact]
    public void AllToLatest_AfterASplit_GivesLatestEverythingAndKeepsTags()
    {
        var plan = TrafficPlan.Default.WithShares([new TrafficTarget { Revision = "a-00001", Percent = 50 }, new TrafficTarget { Revision = "a-00002", Percent = 50 }])
            .WithTag("beta", "a-00002");

        var back = plan.AllToLatest();

        Assert.Equal([new RevisionWeight("a-00005", 100), new RevisionWeight("a-00002", 0)], back.Resolve("a-00005").Weights);
        Assert.Equal("a-00002", back.Resolve("a-00005").Tags["beta"]);
    }

    [Fact]
    public void Json_RoundTrips_AndNullReadsAsDefault()
    {
        var plan = TrafficPlan.Default.WithTag("feature-x", "hello-00009", branch: "feature/x");

        var back = TrafficPlan.FromJson(plan.ToJson());

        Assert.Equal(plan.Targets, back.Targets);
        Assert.Equal(TrafficPlan.Default, TrafficPlan.FromJson(null));
        Assert.DoesNotContain("\"latest\":false", plan.ToJson(), StringComparison.Ordinal);
    }
}
