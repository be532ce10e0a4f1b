using AppLauncher.Core.Build;

namespace AppLauncher.Core.Tests.Build;

/// <summary>Docker's .dockerignore rules (the examples of Docker's reference page among them), one row each.</summary>
public sealed class DockerIgnoreTests
{
    private static DockerIgnore Parse(string text)
    {
        var (ignore, error) = DockerIgnore.Parse(text);
        Assert.True(ignore is not null, error);
        return ignore;
    }

    [Theory]
    // Docker's reference examples: */temp*, */*/temp*, temp?
    [InlineData("*/temp*", "somedir/temporary.txt", true)]
    [InlineData("*/temp*", "somedir/temp", true)]
    [InlineData("*/temp*", "temp.txt", false)]
    [InlineData("*/temp*", "a/b/temp.txt", false)]
    [InlineData("*/*/temp*", "somedir/subdir/temporary.txt", true)]
    [InlineData("temp?", "tempa", true)]
    [InlineData("temp?", "tempab", false)]
    [InlineData("temp?", "temp/x", false)]
    // ** matches any number of folders, none included.
    [InlineData("**/*.go", "main.go", true)]
    [InlineData("**/*.go", "cmd/web/main.go", true)]
    [InlineData("**/*.go", "cmd/web/main.js", false)]
    [InlineData("docs/**/*.md", "docs/a.md", true)]
    [InlineData("docs/**/*.md", "docs/x/y/a.md", true)]
    [InlineData("docs/**", "docs/x/y/a.md", true)]
    [InlineData("**", "anything/at/all", true)]
    // A pattern matching a folder excludes everything in it.
    [InlineData("node_modules", "node_modules/left-pad/index.js", true)]
    [InlineData("node_modules", "src/node_modules/x.js", false)]
    [InlineData("**/node_modules", "src/node_modules/x.js", true)]
    // Cleaned like Go's filepath.Clean; relative to the context root.
    [InlineData("/secret.txt", "secret.txt", true)]
    [InlineData("./build/", "build/out.js", true)]
    [InlineData("a//b/../c", "a/c", true)]
    [InlineData("../outside", "outside", false)]
    // * and ? never cross a '/'.
    [InlineData("*.md", "README.md", true)]
    [InlineData("*.md", "docs/README.md", false)]
    // Character classes and escapes.
    [InlineData("[a-c].txt", "b.txt", true)]
    [InlineData("[a-c].txt", "d.txt", false)]
    [InlineData("[^a].txt", "a.txt", false)]
    [InlineData("[^a].txt", "b.txt", true)]
    [InlineData("\\*.txt", "*.txt", true)]
    [InlineData("\\*.txt", "a.txt", false)]
    // Regular-expression characters are literal.
    [InlineData("app.(1)+.js", "app.(1)+.js", true)]
    [InlineData("app.js", "appXjs", false)]
    public void Excludes_OnePattern_MatchesAsDockerDoes(string pattern, string path, bool excluded)
    {
        Assert.Equal(excluded, Parse(pattern + "\n").Excludes(path));
    }

    [Theory]
    // Docker's reference example: the last matching line wins.
    [InlineData("README.md", false)]
    [InlineData("README-secret.md", true)]
    [InlineData("CHANGELOG.md", true)]
    [InlineData("main.go", false)]
    public void Excludes_ExceptionsInOrder_LastMatchingLineWins(string path, bool excluded)
    {
        var ignore = Parse("*.md\n!README*.md\nREADME-secret.md\n");

        Assert.Equal(excluded, ignore.Excludes(path));
    }

    [Fact]
    public void Excludes_ExceptionInsideAnExcludedFolder_KeepsThatFile()
    {
        var ignore = Parse("docs\n!docs/keep.md\n");

        Assert.False(ignore.Excludes("docs/keep.md"));
        Assert.True(ignore.Excludes("docs/drop.md"));
    }

    [Fact]
    public void Parse_CommentsBlankLinesBomAndCrLf_AreNotPatterns()
    {
        var ignore = Parse("# build outputs\r\n\r\n   \r\ndist\r\n  !dist/keep.txt  \r\n");

        Assert.Equal(["dist", "!dist/keep.txt"], ignore.Patterns);
        Assert.True(ignore.Excludes("dist/app.js"));
        Assert.False(ignore.Excludes("dist/keep.txt"));
        Assert.False(ignore.Excludes("# build outputs"));
    }

    [Fact]
    public void Parse_HashAfterLeadingSpace_IsAPatternAsInDocker()
    {
        var ignore = Parse(" #notes\n");

        Assert.True(ignore.Excludes("#notes"));
    }

    [Fact]
    public void Parse_NoFile_ExcludesNothing()
    {
        var (ignore, error) = DockerIgnore.Parse(null);

        Assert.Null(error);
        Assert.False(ignore!.Excludes("anything"));
        Assert.Empty(ignore.Patterns);
    }

    [Theory]
    [InlineData("dist\n[abc\n", ".dockerignore:2: '[abc' is not a valid pattern")]
    [InlineData("ends-with\\\n", ".dockerignore:1: 'ends-with\\' is not a valid pattern")]
    public void Parse_MalformedPattern_NamesFileLineAndPattern(string text, string expected)
    {
        var (ignore, error) = DockerIgnore.Parse(text);

        Assert.Null(ignore);
        Assert.StartsWith(expected, error);
    }

    [Fact]
    public void Parse_TooManyPatterns_RefusedWithTheLimit()
    {
        var text = string.Concat(Enumerable.Range(0, DockerIgnore.MaxPatterns + 1).Select(i => $"f{i}\n"));

        var (ignore, error) = DockerIgnore.Parse(text);

        Assert.Null(ignore);
        Assert.Contains("more than 1,000 patterns", error);
    }

    [Fact]
    public void Parse_PatternLongerThanTheLimit_RefusedNamingTheLine()
    {
        var (ignore, error) = DockerIgnore.Parse("dist\n" + new string('a', DockerIgnore.MaxPatternLength + 1) + "\n");

        Assert.Null(ignore);
        Assert.StartsWith(".dockerignore:2: the pattern is 4,097 characters long; the limit is 4,096", error);
    }

    [Fact]
    public void Excludes_HostileStarsAgainstALongPath_AnswersWithoutBacktracking()
    {
        // 200 '**/' segments and a 2,000-folder path: a backtracking matcher would not finish.
        var ignore = Parse(string.Concat(Enumerable.Repeat("**/a*", 200)) + "b\n");
        var path = string.Join('/', Enumerable.Repeat("a", 2000)) + "/c";

        Assert.False(ignore.Excludes(path));
    }

    [Fact]
    public void CheckCost_ManyLongWildPatternsOverManyFiles_RefusedBeforeMatching()
    {
        var pattern = string.Concat(Enumerable.Repeat("**/x?", 150));
        var ignore = Parse(string.Concat(Enumerable.Range(0, DockerIgnore.MaxPatterns).Select(i => $"{pattern}{i}\n")));
        var files = Enumerable.Range(0, 20_000).Select(i => $"src/components/widgets/file{i}.js");

        var error = ignore.CheckCost(files);

        Assert.StartsWith(".dockerignore: its 1,000 patterns would take too long to apply to this push's files", error);
    }

    [Fact]
    public void CheckCost_OrdinaryFileOverManyFiles_Accepted()
    {
        var ignore = Parse("node_modules\n**/*.log\ndist/\n!dist/keep\n.env*\ncoverage\n*.md\n");
        var files = Enumerable.Range(0, 50_000).Select(i => $"src/components/widgets/file{i}.js");

        Assert.Null(ignore.CheckCost(files));
    }
}
