using AppLauncher.Core.Detect;

namespace AppLauncher.Core.Tests.Detect;

public sealed class DetectorTests
{
    private static DetectResult Detect(params (string Path, string Text)[] files) =>
        Detector.Default.Detect(InMemorySourceTree.FromText(files.Select(f => KeyValuePair.Create(f.Path, f.Text))));

    [Fact]
    public void Detect_DockerfileAndPackageJson_DockerfileWins()
    {
        var result = Detect(("Dockerfile", "FROM launcher/stack-node-run\nCMD [\"node\",\"s.js\"]\n"), ("package.json", """{"main":"s.js"}"""));

        Assert.Equal(DetectOutcome.Pass, result.Outcome);
        Assert.Equal("dockerfile", result.Detection!.Buildpack);
        Assert.Contains("ahead of any buildpack", result.Message);
    }

    [Fact]
    public void Detect_DockerfileWithoutFrom_Errors()
    {
        var result = Detect(("Dockerfile", "RUN echo hi\n"));

        Assert.Equal(DetectOutcome.Error, result.Outcome);
        Assert.Contains("no FROM", result.Message);
    }

    [Fact]
    public void Detect_NodeProject_IsNode()
    {
        var result = Detect(("package.json", """{"scripts":{"start":"node server.js"}}"""), ("server.js", ""));

        Assert.Equal("node", result.Detection!.Buildpack);
    }

    [Fact]
    public void Detect_NothingMatches_FailsNamingWhatItLookedFor()
    {
        var result = Detect(("README.md", "hi"));

        Assert.Equal(DetectOutcome.Fail, result.Outcome);
        Assert.Contains("package.json", result.Message);
        Assert.Contains("Dockerfile", result.Message);
    }

    [Fact]
    public void Detect_BrokenNodeProject_ErrorStopsDetection()
    {
        var result = Detect(("package.json", "not json"));

        Assert.Equal(DetectOutcome.Error, result.Outcome);
    }
}
