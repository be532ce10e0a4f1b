using Xunit.Sdk;

namespace AppLauncher.Core.Tests;

/// <summary>The golden-file rules: a row passes only when the output equals the committed file, and CI never rewrites one.</summary>
public sealed class GoldenTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("golden-");

    private string PathOf(string name) => Path.Combine(_dir.FullName, name);

    private string Existing(string content)
    {
        var path = PathOf("case.json");
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void AssertMatches_Equal_Passes()
    {
        Golden.AssertMatches(Existing("same\n"), "same\n", updateGolden: null, ci: null);
    }

    [Fact]
    public void AssertMatches_Different_Fails()
    {
        var path = Existing("old\n");

        Assert.ThrowsAny<XunitException>(() => Golden.AssertMatches(path, "new\n", updateGolden: null, ci: null));
        Assert.Equal("old\n", File.ReadAllText(path));
    }

    [Fact]
    public void AssertMatches_Missing_FailsNamingTheFile()
    {
        var path = PathOf("missing.json");

        var error = Assert.ThrowsAny<XunitException>(() => Golden.AssertMatches(path, "x\n", updateGolden: null, ci: null));

        Assert.Contains(path, error.Message);
        Assert.False(File.Exists(path));
    }

    [Theory]
    [InlineData("true")]
    [InlineData("1")]
    public void AssertMatches_UpdateUnderCi_IsRefusedAndWritesNothing(string ci)
    {
        var path = Existing("old\n");

        var error = Assert.ThrowsAny<XunitException>(() => Golden.AssertMatches(path, "new\n", updateGolden: "1", ci: ci));

        Assert.StartsWith($"UPDATE_GOLDEN is refused under CI={ci}", error.Message);
        Assert.Equal("old\n", File.ReadAllText(path));
    }

    [Fact]
    public void AssertMatches_UpdateUnderCiEvenWhenEqual_IsRefused()
    {
        Assert.ThrowsAny<XunitException>(() => Golden.AssertMatches(Existing("same\n"), "same\n", updateGolden: "1", ci: "true"));
    }

    [Fact]
    public void AssertMatches_UpdateWithDifferentOutput_RewritesTheFileAndFails()
    {
        var path = Existing("old\n");

        var error = Assert.ThrowsAny<XunitException>(() => Golden.AssertMatches(path, "new\n", updateGolden: "1", ci: "false"));

        Assert.Equal($"golden {path} rewritten; review the diff (git diff -- {path}) and re-run", error.Message);
        Assert.Equal("new\n", File.ReadAllText(path));
    }

    [Fact]
    public void AssertMatches_UpdateWithMissingFile_WritesItAndFails()
    {
        var path = PathOf("new.json");

        var error = Assert.ThrowsAny<XunitException>(() => Golden.AssertMatches(path, "new\n", updateGolden: "1", ci: null));

        Assert.Contains("was missing and is now written", error.Message);
        Assert.Equal("new\n", File.ReadAllText(path));
    }

    [Fact]
    public void AssertMatches_UpdateWithUnchangedOutput_PassesAndLeavesTheFile()
    {
        var path = Existing("same\n");
        var written = File.GetLastWriteTimeUtc(path);

        Golden.AssertMatches(path, "same\n", updateGolden: "1", ci: "");

        Assert.Equal(written, File.GetLastWriteTimeUtc(path));
    }

    [Fact]
    public void AssertMatches_UnknownUpdateValue_FailsSayingSo()
    {
        var error = Assert.ThrowsAny<XunitException>(() => Golden.AssertMatches(Existing("same\n"), "same\n", updateGolden: "yes", ci: null));

        Assert.Contains("UPDATE_GOLDEN='yes' is not understood", error.Message);
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
