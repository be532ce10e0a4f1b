using AppLauncher.Core.Remotes;

namespace AppLauncher.Core.Tests.Remotes;

public sealed class RemoteUrlTests
{
    [Theory]
    [InlineData("https://github.com/acme/shop.git")]
    [InlineData("ssh://git@github.com/acme/shop.git")]
    [InlineData("git@github.com:acme/shop.git")]
    [InlineData("http://127.0.0.1:9418/shop.git")]
    [InlineData("http://localhost/shop.git")]
    [InlineData("http://git.localhost/shop.git")]
    [InlineData("http://[::1]:8080/shop.git")]
    public void Validate_Accepted(string url)
    {
        Assert.Null(RemoteUrl.Validate(url));
    }

    [Theory]
    [InlineData("http://github.com/acme/shop.git", "not loopback")]
    [InlineData("https://x:ghp_secret@github.com/acme/shop.git", "--credentials")]
    [InlineData("file:///etc/passwd", "not supported")]
    [InlineData("ftp://host/repo", "not supported")]
    [InlineData("/srv/git/repo.git", "not supported")]
    [InlineData("https:///acme/shop.git", "not a repository URL")]
    [InlineData("https://github.com/acme/shop.git --upload-pack=x", "spaces")]
    [InlineData("", "required")]
    [InlineData(null, "required")]
    public void Validate_Refused_SaysWhy(string? url, string expected)
    {
        Assert.Contains(expected, RemoteUrl.Validate(url));
    }

    [Fact]
    public void Validate_HugeUrl_IsRefusedWithItsLength()
    {
        Assert.Contains("at most 2048", RemoteUrl.Validate("https://h/" + new string('a', 100_000)));
    }

    [Theory]
    [InlineData("https://github.com/Acme/shop.git", "github.com/Acme/shop")]
    [InlineData("https://GitHub.com/Acme/shop/", "github.com/Acme/shop")]
    [InlineData("git@github.com:Acme/shop.git", "github.com/Acme/shop")]
    [InlineData("ssh://git@github.com/Acme/shop", "github.com/Acme/shop")]
    [InlineData("http://127.0.0.1:8080/shop.git", "127.0.0.1:8080/shop")]
    public void Normalize_SameRepositoryAnyForm_IsEqual(string url, string expected)
    {
        Assert.Equal(expected, RemoteUrl.Normalize(url));
    }
}
