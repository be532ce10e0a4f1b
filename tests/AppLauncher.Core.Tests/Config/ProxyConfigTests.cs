using System.Net;
using AppLauncher.Core.Config;

namespace AppLauncher.Core.Tests.Config;

public sealed class ProxyConfigTests
{
    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1/32")]
    [InlineData(" 10.0.0.0/8 ", "10.0.0.0/8")]
    [InlineData("0.0.0.0/0", "0.0.0.0/0")]
    [InlineData("::1", "::1/128")]
    [InlineData("fd00::/8", "fd00::/8")]
    [InlineData("::ffff:192.168.1.1", "192.168.1.1/32")]
    public void TryParseTrustedProxy_AddressOrRange_IsANetwork(string value, string expected)
    {
        Assert.True(ProxyConfig.TryParseTrustedProxy(value, out var network, out var error), error);
        Assert.Equal(IPNetwork.Parse(expected), network);
    }

    [Theory]
    [InlineData("", "not an IP address")]
    [InlineData("lb.example.com", "not an IP address")]
    [InlineData("10.0.0.0/33", "from 0 to 32")]
    [InlineData("fd00::/129", "from 0 to 128")]
    [InlineData("10.0.0.0/-1", "from 0 to 32")]
    [InlineData("10.0.0.0/", "from 0 to 32")]
    [InlineData("10.1.2.3/8", "e.g. 10.0.0.0/8")]
    [InlineData("fe80::1%eth0", "not an IP address")]
    public void TryParseTrustedProxy_Bad_SaysWhatToWrite(string value, string expected)
    {
        Assert.False(ProxyConfig.TryParseTrustedProxy(value, out _, out var error));
        Assert.Contains(expected, error);
    }

    [Fact]
    public void Network_ContainsOnlyItsAddresses()
    {
        Assert.True(ProxyConfig.TryParseTrustedProxy("10.0.0.0/8", out var network, out _));

        Assert.True(network.Contains(IPAddress.Parse("10.255.0.1")));
        Assert.False(network.Contains(IPAddress.Parse("11.0.0.1")));
        Assert.False(network.Contains(IPAddress.Parse("::1")));
    }
}
