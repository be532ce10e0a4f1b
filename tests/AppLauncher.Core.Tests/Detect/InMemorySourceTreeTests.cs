using AppLauncher.Core.Detect;

namespace AppLauncher.Core.Tests.Detect;

public sealed class InMemorySourceTreeTests
{
    [Theory]
    [InlineData("./package.json", "package.json")]
    [InlineData("/src/a.js", "src/a.js")]
    [InlineData(".nvmrc", ".nvmrc")]
    [InlineData("./.launcher/Dockerfile", ".launcher/Dockerfile")]
    [InlineData("dir\\file", "dir/file")]
    public void Normalize_StripsRelativePrefixesButKeepsHiddenFiles(string path, string expected)
    {
        Assert.Equal(expected, InMemorySourceTree.Normalize(path));
    }

    [Fact]
    public void ReadText_HiddenFile_IsFound()
    {
        var tree = InMemorySourceTree.FromText([KeyValuePair.Create(".nvmrc", "20\n")]);

        Assert.True(tree.Exists(".nvmrc"));
        Assert.Equal("20\n", tree.ReadText("./.nvmrc"));
        Assert.False(tree.Exists("nvmrc"));
    }
}
