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

    [Fact]
    public void ReadText_Utf8ByteOrderMark_IsNotPartOfTheText()
    {
        var csproj = "<Project Sdk=\"Microsoft.NET.Sdk.Web\"></Project>";
        var tree = new InMemorySourceTree([KeyValuePair.Create("App.csproj", (byte[])[.. System.Text.Encoding.UTF8.Preamble, .. System.Text.Encoding.UTF8.GetBytes(csproj)])]);

        Assert.Equal(csproj, tree.ReadText("App.csproj"));
        Assert.NotNull(System.Xml.Linq.XDocument.Parse(tree.ReadText("App.csproj")!));
    }
}
