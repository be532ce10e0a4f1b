using System.Text.Json;

namespace AppLauncher.Tests.Cli;

/// <summary>The real <c>launcher detect</c> (through scripts/launcher, as the README shows it) on the samples.</summary>
public sealed class DetectCommandTests
{
    private static Task<ProcessRunner.Result> LauncherAsync(params string[] args) =>
        ProcessRunner.RunAsync(Path.Combine(RepositoryRoot.Path, "scripts", "launcher"), args, RepositoryRoot.Path, timeout: TimeSpan.FromMinutes(5));

    [Fact]
    public async Task Detect_JsonOnMonorepoSample_PrintsPlanWithBuildpackStartAndBuildRoot()
    {
        var result = await LauncherAsync("detect", "samples/hello-monorepo", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal("python", json.RootElement.GetProperty("buildpack").GetString());
        Assert.Equal("python main.py", json.RootElement.GetProperty("start").GetString());
        Assert.Equal("services/api", json.RootElement.GetProperty("buildRoot").GetString());
    }

    [Fact]
    public async Task Detect_TextOnGoSample_NamesBuildpackDecidingFilesFactsAndStart()
    {
        var result = await LauncherAsync("detect", "samples/hello-go");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("go.mod, cmd/hello/ (package main)", result.Output);
        Assert.Contains("example.com/hello", result.Output);
        Assert.Contains("/app/hello", result.Output);
    }

    [Fact]
    public async Task Detect_NothingToBuild_ExitsNonZeroNamingWhatToAdd()
    {
        using var empty = new TempDirectory();
        await File.WriteAllTextAsync(Path.Combine(empty.Path, "README.md"), "docs\n");

        var result = await LauncherAsync("detect", empty.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no buildpack matched: looked for Dockerfile (dockerfile)", result.Output);
        Assert.Contains("launcher.yaml with 'kind: App'", result.Output);
    }
}
