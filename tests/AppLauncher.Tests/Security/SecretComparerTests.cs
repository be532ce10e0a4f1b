using AppLauncher.Security;

namespace AppLauncher.Tests.Security;

public sealed class SecretComparerTests
{
    [Theory]
    [InlineData("s3cret", "s3cret", true)]
    [InlineData("s3cret", "s3cre", false)]
    [InlineData("s3cre", "s3cret", false)]
    [InlineData("S3cret", "s3cret", false)]
    [InlineData("", "", false)]
    [InlineData(null, "s3cret", false)]
    [InlineData("s3cret", null, false)]
    [InlineData("s3cret\n", "s3cret", false)]
    public void Matches_OnlyTheSameNonEmptySecret(string? presented, string? expected, bool matches)
    {
        Assert.Equal(matches, SecretComparer.Matches(presented, expected));
    }

    [Fact]
    public void Matches_NonAsciiSecrets_ComparedByTheirUtf8Bytes()
    {
        Assert.True(SecretComparer.Matches("pässwörd", "pässwörd"));
        Assert.False(SecretComparer.Matches("passwörd", "pässwörd"));
    }
}
