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
    public void Detect_PythonProcfileWithOnlyAWorker_PassesWithNoWebProcess()
    {
        var result = Detect(("requirements.txt", ""), ("worker.py", "print('tick')\n"), ("Procfile", "worker: python worker.py\n"));

        Assert.Equal(DetectOutcome.Pass, result.Outcome);
        Assert.Equal("python", result.Detection!.Buildpack);
        Assert.True(result.Detection.NoWeb);
        Assert.Null(result.Detection.Start);
    }

    [Fact]
    public void Detect_PythonWithoutStartOrProcfile_StillAnError()
    {
        var result = Detect(("requirements.txt", ""), ("worker.py", "print('tick')\n"));

        Assert.Equal(DetectOutcome.Error, result.Outcome);
        Assert.Contains("no start command", result.Message);
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
