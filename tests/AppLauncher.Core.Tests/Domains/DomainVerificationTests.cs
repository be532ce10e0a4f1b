using AppLauncher.Core.Domains;

namespace AppLauncher.Core.Tests.Domains;

public sealed class DomainVerificationTests
{
    [Theory]
    [InlineData(new[] { "tok123" }, null, true)]
    [InlineData(new[] { "other", "tok123" }, null, true)]
    [InlineData(new string[0], "hello.localhost.", true)]
    [InlineData(new string[0], "HELLO.localhost", true)]
    [InlineData(new[] { "tok12" }, null, false)]
    [InlineData(new string[0], "other.localhost", false)]
    [InlineData(new string[0], null, false)]
    public void Decide_TxtOrCname_VerifiesOnlyTheRightOne(string[] txt, string? cname, bool verified)
    {
        var (ok, _) = DomainVerification.Decide("www.example.com", "tok123", txt, cname, "hello.localhost");

        Assert.Equal(verified, ok);
    }

    [Fact]
    public void Decide_NothingFound_SaysWhatToAdd()
    {
        var (_, explanation) = DomainVerification.Decide("www.example.com", "tok123", ["wrong"], "elsewhere.example.net", "hello.localhost");

        Assert.Contains("add a TXT record _launcher-challenge.www.example.com with the value \"tok123\"", explanation);
        Assert.Contains("CNAME to hello.localhost", explanation);
        Assert.Contains("found: TXT \"wrong\"; CNAME elsewhere.example.net", explanation);
    }
}
