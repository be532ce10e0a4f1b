using System.Net;
using AppLauncher.Core.Acme;

namespace AppLauncher.Core.Tests.Acme;

/// <summary>A custom domain gets an order only while its DNS points here: an address of ours, or a CNAME to the app's name.</summary>
public sealed class DomainPointingTests
{
    private static readonly IPAddress[] Ours = [IPAddress.Parse("203.0.113.5"), IPAddress.Parse("2001:db8::5")];

    [Theory]
    [InlineData("203.0.113.5", null, null)]
    [InlineData("2001:db8::5", null, null)]
    [InlineData("198.51.100.1,203.0.113.5", null, null)] // one of several is enough
    [InlineData("", "shop.apps.example.com", null)]
    [InlineData("", "SHOP.apps.example.com.", null)]
    [InlineData("198.51.100.1", null, "resolves to 198.51.100.1, not to this server (203.0.113.5, 2001:db8::5)")]
    [InlineData("", "elsewhere.example.net", "has no A or AAAA record (and no CNAME to shop.apps.example.com)")]
    [InlineData("", null, "has no A or AAAA record")]
    public void Refusal_Table(string addresses, string? cname, string? refusal)
    {
        var list = addresses.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(IPAddress.Parse).ToList();

        var result = DomainPointing.Refusal("www.shop.example", list, cname, Ours, "shop.apps.example.com");

        if (refusal is null)
        {
            Assert.Null(result);
        }
        else
        {
            Assert.Contains(refusal, result);
            Assert.StartsWith("www.shop.example ", result);
        }
    }

    [Fact]
    public void Refusal_NoAddressOfOurOwnKnown_AnyAnswerPasses()
    {
        Assert.Null(DomainPointing.Refusal("www.shop.example", [IPAddress.Parse("198.51.100.1")], null, [], "shop.apps.example.com"));
    }
}
