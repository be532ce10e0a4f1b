using AppLauncher.Core.Dns;

namespace AppLauncher.Core.Tests.Dns;

public sealed class DnsNameTests
{
    [Theory]
    [InlineData("hello.apps.test", 3)]
    [InlineData("hello.apps.test.", 3)]
    [InlineData("", 0)]
    [InlineData(".", 0)]
    [InlineData("a\\.b.c", 2)]
    public void ToLabels_ValidName_CountsLabels(string name, int count)
    {
        Assert.Equal(count, DnsName.ToLabels(name).Count);
    }

    [Theory]
    [InlineData("a..b", "empty label")]
    [InlineData(".a", "empty label")]
    [InlineData("a\\", "lone")]
    [InlineData("a\\300", "not a byte")]
    [InlineData("bücher.test", "punycode")]
    public void ToLabels_BadName_SaysWhy(string name, string expected)
    {
        var error = Assert.Throws<DnsFormatException>(() => DnsName.ToLabels(name));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void ToLabels_LabelOf64_IsRefused()
    {
        var error = Assert.Throws<DnsFormatException>(() => DnsName.ToLabels(new string('a', 64) + ".test"));

        Assert.Contains("at most 63", error.Message);
    }

    [Fact]
    public void ToLabels_NameOf254Characters_IsRefused()
    {
        var label = new string('a', 63);
        var ok = string.Join('.', label, label, label, new string('b', 61)); // 253 characters, 255 octets on the wire
        Assert.Equal(4, DnsName.ToLabels(ok).Count);

        var error = Assert.Throws<DnsFormatException>(() => DnsName.ToLabels(ok + "b"));

        Assert.Contains("longer than 255", error.Message);
    }

    [Theory]
    [InlineData("Hello.Apps.Test.", "hello.apps.test", true)]
    [InlineData("hello.apps.test", "apps.test", false)]
    public void AreEqual_IgnoresCaseAndTrailingDot(string a, string b, bool equal)
    {
        Assert.Equal(equal, DnsName.AreEqual(a, b));
    }

    [Theory]
    [InlineData("hello.apps.test", "apps.test", true)]
    [InlineData("apps.test", "apps.test", true)]
    [InlineData("HELLO.APPS.TEST", "apps.test", true)]
    [InlineData("helloapps.test", "apps.test", false)]
    [InlineData("apps.test", "hello.apps.test", false)]
    [InlineData("anything", "", true)]
    public void IsAtOrBelow_ComparesWholeLabels(string name, string zone, bool below)
    {
        Assert.Equal(below, DnsName.IsAtOrBelow(name, zone));
    }
}
