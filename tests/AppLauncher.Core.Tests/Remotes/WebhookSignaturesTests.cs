using System.Text;
using AppLauncher.Core.Remotes;

namespace AppLauncher.Core.Tests.Remotes;

public sealed class WebhookSignaturesTests
{
    // GitHub's documented test vector ("Validating webhook deliveries").
    private const string Secret = "It's a Secret to Everybody";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("Hello, World!");
    private const string Expected = "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    [Fact]
    public void Hmac_GitHubTestVector_MatchesTheDocumentedSignature()
    {
        Assert.Equal(Expected, WebhookSignatures.Hmac(Secret, Body));
    }

    [Theory]
    [InlineData("sha256=" + Expected, true)]
    [InlineData("sha256=" + "757107EA0EB2509FC211221CCE984B8A37570B6D7586C22C46F4379C8B043E17", true)]
    [InlineData(Expected, false)]
    [InlineData("sha1=" + Expected, false)]
    [InlineData("sha256=" + "857107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", false)]
    [InlineData("sha256=", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void VerifyGitHub_Header_AcceptsOnlyTheBodysHmac(string? header, bool ok)
    {
        Assert.Equal(ok, WebhookSignatures.VerifyGitHub(Secret, Body, header));
    }

    [Fact]
    public void VerifyGitHub_BodyChangedByOneByte_IsRefused()
    {
        Assert.False(WebhookSignatures.VerifyGitHub(Secret, Encoding.UTF8.GetBytes("Hello, World?"), "sha256=" + Expected));
        Assert.False(WebhookSignatures.VerifyGitHub("another secret", Body, "sha256=" + Expected));
    }

    [Theory]
    [InlineData(Expected, true)]
    [InlineData("sha256=" + Expected, false)]
    [InlineData("00", false)]
    [InlineData(null, false)]
    public void VerifyGitea_Header_IsTheBareHexHmac(string? header, bool ok)
    {
        Assert.Equal(ok, WebhookSignatures.VerifyGitea(Secret, Body, header));
    }

    [Theory]
    [InlineData("s3cret-token", true)]
    [InlineData("s3cret-token ", false)]
    [InlineData("s3cret-toke", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void VerifyToken_ComparesTheWholeSecret(string? presented, bool ok)
    {
        Assert.Equal(ok, WebhookSignatures.VerifyToken("s3cret-token", presented));
    }
}
