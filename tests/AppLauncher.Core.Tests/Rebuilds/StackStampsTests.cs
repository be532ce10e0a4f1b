using AppLauncher.Core.Rebuilds;

namespace AppLauncher.Core.Tests.Rebuilds;

public sealed class StackStampsTests
{
    private static readonly string A = "sha256:" + new string('a', 64);
    private static readonly string B = "sha256:" + new string('b', 64);

    [Fact]
    public void Format_ThenParse_RoundTripsInNameOrder()
    {
        var label = StackStamps.Format([new StackStamp("node-run", B), new StackStamp("node-build", A)]);

        Assert.Equal($"node-build={A} node-run={B}", label);
        Assert.Equal([new StackStamp("node-build", A), new StackStamp("node-run", B)], StackStamps.Parse(label));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("node-run")]                             // no id
    [InlineData("=sha256:aa")]                           // no name
    [InlineData("node-run=abc")]                         // not an image id
    [InlineData("node-run=sha256:ABCDEF")]               // short, upper case
    [InlineData("no\u00e9de=sha256:aa")]                 // a name outside the reference alphabet
    public void Parse_Malformed_IsEmpty(string? label) => Assert.Empty(StackStamps.Parse(label));

    [Fact]
    public void Parse_OneBadPair_RefusesTheWholeLabel() =>
        Assert.Empty(StackStamps.Parse($"node-run={A} $(rm -rf)={B}"));

    [Fact]
    public void Parse_TooManyOrTooLong_IsEmpty()
    {
        Assert.Empty(StackStamps.Parse(string.Join(" ", Enumerable.Range(0, StackStamps.MaxStamps + 1).Select(i => $"s{i}={A}"))));
        Assert.Empty(StackStamps.Parse(new string('x', 100_000) + "=" + A));
    }

    [Fact]
    public void Of_PrefersTheStackNameLabel()
    {
        Assert.Equal(new StackStamp("node-run", A), StackStamp.Of("launcher/stack-node-run:latest", new Dictionary<string, string> { [StackStamp.NameLabel] = "node-run" }, A));
        Assert.Equal(new StackStamp("example/base:1", A), StackStamp.Of("example/base:1", null, A));
        Assert.Equal(new StackStamp("example/base:1", A), StackStamp.Of("example/base:1", new Dictionary<string, string> { [StackStamp.NameLabel] = "bad name" }, A));
    }

    [Fact]
    public void ShortId_IsTwelveHexDigits() => Assert.Equal("aaaaaaaaaaaa", new StackStamp("x", A).ShortId);
}
