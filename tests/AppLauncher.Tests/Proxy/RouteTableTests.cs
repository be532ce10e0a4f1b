using AppLauncher.Core.Traffic;
using AppLauncher.Proxy;
using Xunit.Abstractions;

namespace AppLauncher.Tests.Proxy;

public sealed class RouteTableTests(ITestOutputHelper output)
{
    [Fact]
    public void Resolve_HugeDashFilledLabel_AllocatesABoundedAmount()
    {
        var routes = new RouteTable();
        routes.RouteAll("hello", "hello-00001");
        routes.SetTraffic("hello", TrafficPlan.Default.WithTag("candidate", "hello-00001").Resolve("hello-00001"));
        var label = string.Concat(Enumerable.Repeat("a-", 16 * 1024)) + "hello"; // 32 KB, one dash every other character
        routes.Resolve("candidate-hello"); // warm up: nothing lazily built is counted below

        var before = GC.GetAllocatedBytesForCurrentThread();
        var resolved = routes.Resolve(label);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        output.WriteLine($"Resolve of a {label.Length}-character dash-filled label allocated {allocated:N0} bytes");
        Assert.Null(resolved);
        Assert.True(allocated < 1024, $"Resolve allocated {allocated:N0} bytes for a {label.Length}-character label");
    }

    [Theory]
    [InlineData("hello", "hello", null)]
    [InlineData("candidate-hello", "hello", "candidate")]
    [InlineData("other-hello", null, null)]
    [InlineData("candidate-nobody", null, null)]
    [InlineData("-hello", null, null)]
    [InlineData("candidate-", null, null)]
    [InlineData("", null, null)]
    public void Resolve_Label_NamesTheAppAndTag(string label, string? app, string? tag)
    {
        var routes = new RouteTable();
        routes.RouteAll("hello", "hello-00001");
        routes.SetTraffic("hello", TrafficPlan.Default.WithTag("candidate", "hello-00001").Resolve("hello-00001"));

        var resolved = routes.Resolve(label);

        Assert.Equal(app, resolved?.App);
        Assert.Equal(tag, resolved?.Tag);
    }

    [Fact]
    public void Resolve_TagOfAnAppWithADashInItsName_FindsTheLongestAppThatHasTheTag()
    {
        var routes = new RouteTable();
        routes.RouteAll("my-app", "my-app-00001");
        routes.SetTraffic("my-app", TrafficPlan.Default.WithTag("beta", "my-app-00001").Resolve("my-app-00001"));

        Assert.Equal(("my-app", "beta"), routes.Resolve("beta-my-app"));
        Assert.Null(routes.Resolve("beta-my"));
    }
}
