using AppLauncher.Core.Rebuilds;

namespace AppLauncher.Core.Tests.Rebuilds;

public sealed class StackRebuildPlannerTests
{
    private static readonly string Old = Id('1');
    private static readonly string New = Id('2');

    private static string Id(char digit) => "sha256:" + new string(digit, 64);

    private static RebuildCandidate App(string name, params (string Stack, string Id)[] builtOn) =>
        new(name, name + "-v1", "c0ffee", [.. builtOn.Select(s => new StackStamp(s.Stack, s.Id))]);

    private static Dictionary<string, string> Now(params (string Stack, string Id)[] stacks) => stacks.ToDictionary(s => s.Stack, s => s.Id, StringComparer.Ordinal);

    private static string Show(IEnumerable<RebuildDecision> decisions) =>
        string.Join("; ", decisions.Select(d => d.Rebuild ? $"{d.App}: {d.Reason}" : $"{d.App} skipped: {d.Skipped}"));

    [Fact]
    public void Plan_RunStackChanged_RebuildsEveryAppOnItInNameOrder()
    {
        var apps = new[] { App("web", ("node-build", Old), ("node-run", Old)), App("api", ("node-build", Old), ("node-run", Old)), App("site", ("base", Old), ("static-run", Old)) };

        var plan = StackRebuildPlanner.Plan(apps, Now(("node-build", Old), ("node-run", New), ("base", Old), ("static-run", Old)));

        Assert.Equal("api: rebuilt: stack node-run changed; site skipped: stacks base, static-run unchanged; web: rebuilt: stack node-run changed", Show(plan));
        Assert.Equal(["node-run"], plan[0].Stacks);
    }

    [Fact]
    public void Plan_BothStacksChanged_NamesBothInTheReason()
    {
        var plan = StackRebuildPlanner.Plan([App("web", ("node-run", Old), ("node-build", Old))], Now(("node-build", New), ("node-run", New)));

        Assert.Equal("web: rebuilt: stacks node-build, node-run changed", Show(plan));
    }

    [Fact]
    public void Plan_OnlyStack_CountsThatStackAndLeavesOutAppsNotOnIt()
    {
        var apps = new[] { App("web", ("node-build", Old), ("node-run", Old)), App("site", ("base", Old), ("static-run", Old)) };
        var now = Now(("node-build", New), ("node-run", Old), ("base", Old), ("static-run", Old));

        Assert.Equal("web skipped: stack node-run unchanged", Show(StackRebuildPlanner.Plan(apps, now, onlyStack: "node-run")));
        Assert.Equal("web: rebuilt: stack node-build changed", Show(StackRebuildPlanner.Plan(apps, now, onlyStack: "node-build")));
        Assert.Empty(StackRebuildPlanner.Plan(apps, now, onlyStack: "go-run"));
    }

    [Fact]
    public void Plan_NoStamps_IsSkippedWithTheReason()
    {
        var plan = StackRebuildPlanner.Plan([App("own-dockerfile")], Now(("node-run", New)));

        Assert.Equal("own-dockerfile skipped: not built on a stack this platform builds (its image records none)", Show(plan));
    }

    [Fact]
    public void Plan_StackNoLongerThere_DoesNotRebuild()
    {
        var plan = StackRebuildPlanner.Plan([App("web", ("node-run", Old))], Now());

        Assert.Equal("web skipped: stack node-run no longer configured or not on this machine", Show(plan));
    }

    [Fact]
    public void Plan_PinnedTraffic_IsSkippedAndSaysHowToUnpin()
    {
        var pinned = App("web", ("node-run", Old)) with { Pinned = true };

        var decision = Assert.Single(StackRebuildPlanner.Plan([pinned], Now(("node-run", New))));

        Assert.False(decision.Rebuild);
        Assert.Contains("stack node-run changed, but its traffic is pinned", decision.Skipped, StringComparison.Ordinal);
        Assert.Contains("launcher traffic web @latest=100", decision.Skipped, StringComparison.Ordinal);
    }
}
