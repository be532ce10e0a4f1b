using AppLauncher.Core.Detect;

namespace AppLauncher.Core.Tests.Detect;

public sealed class NodeVersionsTests
{
    [Theory]
    // engines.node → the newest offered major the range allows any version of.
    [InlineData(">=18", null, 26, "package.json engines.node >=18")]
    [InlineData(">= 20", null, 26, "package.json engines.node >= 20")]
    [InlineData("20.x", null, 20, "package.json engines.node 20.x")]
    [InlineData("^22.12.0", null, 22, "package.json engines.node ^22.12.0")]
    [InlineData("~24.1", null, 24, "package.json engines.node ~24.1")]
    [InlineData("22", null, 22, "package.json engines.node 22")]
    [InlineData("v20.19.1", null, 20, "package.json engines.node v20.19.1")]
    [InlineData(">=18 <23", null, 22, "package.json engines.node >=18 <23")]
    [InlineData(">=20.19 <21 || >=22.12", null, 26, "package.json engines.node >=20.19 <21 || >=22.12")]
    [InlineData("^20.19.0 || ^22.12.0", null, 22, "package.json engines.node ^20.19.0 || ^22.12.0")]
    [InlineData("18 - 21", null, 21, "package.json engines.node 18 - 21")]
    [InlineData("<=22", null, 22, "package.json engines.node <=22")]
    [InlineData(">22", null, 26, "package.json engines.node >22")]
    [InlineData("<22", null, 21, "package.json engines.node <22")]
    [InlineData("*", null, 26, "package.json engines.node *")]
    // engines.node beats .nvmrc.
    [InlineData("20.x", "22", 20, "package.json engines.node 20.x")]
    // .nvmrc: a version, a range, node, lts/*, lts/<codename>.
    [InlineData(null, "22\n", 22, ".nvmrc")]
    [InlineData(null, "v20.11.1", 20, ".nvmrc")]
    [InlineData(null, "node", 26, ".nvmrc node (the newest)")]
    [InlineData(null, "lts/*", 26, ".nvmrc lts/* (the current LTS)")]
    [InlineData(null, "lts/iron", 20, ".nvmrc lts/iron")]
    [InlineData(null, "lts/Jod", 22, ".nvmrc lts/Jod")]
    // Nothing asked: the current LTS.
    [InlineData(null, null, 26, "the default (the current LTS)")]
    [InlineData("  ", "", 26, "the default (the current LTS)")]
    public void Select_WhatTheAppAsksFor_GivesTheNewestMatchingMajor(string? engines, string? nvmrc, int major, string reason)
    {
        var (selected, why, error) = NodeVersions.Select(engines, nvmrc);

        Assert.Null(error);
        Assert.Equal(major, selected);
        Assert.StartsWith(reason, why);
    }

    [Theory]
    [InlineData(">=30", "package.json engines.node asks for '>=30', which none of the Node.js versions offered here satisfies (18, 19, 20, 21, 22, 23, 24, 25, 26)")]
    [InlineData("<18", "package.json engines.node asks for '<18'")]
    [InlineData(">=22 <22", "package.json engines.node asks for '>=22 <22'")]
    [InlineData("16.x", "package.json engines.node asks for '16.x'")]
    public void Select_RangeNothingSatisfies_NamesTheRangeAndTheVersionsOffered(string engines, string expected)
    {
        var (selected, _, error) = NodeVersions.Select(engines, null);

        Assert.Null(selected);
        Assert.StartsWith(expected, error);
        Assert.Contains("18, 19, 20, 21, 22, 23, 24, 25, 26", error);
    }

    [Theory]
    [InlineData("latest")]
    [InlineData(">=twenty")]
    [InlineData("<>20")]
    [InlineData("1.2.3.4")]
    public void Select_NotARange_SaysHowToWriteOne(string engines)
    {
        var (selected, _, error) = NodeVersions.Select(engines, null);

        Assert.Null(selected);
        Assert.StartsWith($"package.json engines.node '{engines}' is not a version range", error);
    }

    [Fact]
    public void Select_UnknownLtsCodename_ListsTheOnesOffered()
    {
        var (selected, _, error) = NodeVersions.Select(null, "lts/gallium");

        Assert.Null(selected);
        Assert.StartsWith(".nvmrc asks for 'lts/gallium', which is not an LTS line offered here (lts/hydrogen = 18, lts/iron = 20", error);
    }

    [Theory]
    [InlineData(">=30", null, "package.json engines.node asks for '>=30'")]
    [InlineData(null, "v16.20.2", ".nvmrc asks for 'v16.20.2'")]
    [InlineData(null, "lts/gallium", ".nvmrc asks for 'lts/gallium'")]
    [InlineData(">=22", null, null)]
    [InlineData("latest", null, null)]
    [InlineData(null, "not a version", null)]
    [InlineData(null, null, null)]
    public void Refusal_OnlyValidRangesNothingSatisfies_AreRefused(string? engines, string? nvmrc, string? expected)
    {
        var refusal = NodeVersions.Refusal(engines, nvmrc);

        if (expected is null)
        {
            Assert.Null(refusal);
        }
        else
        {
            Assert.StartsWith(expected, refusal);
        }
    }

    [Theory]
    [InlineData(">=20.19 <21", 20, true)]
    [InlineData(">=20.19 <21", 21, false)]
    [InlineData(">21.0.0", 21, true)]
    [InlineData(">21", 21, false)]
    [InlineData("<=21.0.0", 21, true)]
    [InlineData("<21.0.0", 21, false)]
    [InlineData("=22.1.0", 22, true)]
    public void Allows_EdgesOfAMajor_AsSemverReadsThem(string range, int major, bool allowed)
    {
        Assert.Equal(allowed, NodeVersions.Allows(range, major));
    }
}
