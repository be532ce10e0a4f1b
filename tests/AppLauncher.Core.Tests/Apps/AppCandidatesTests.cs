using AppLauncher.Core.Apps;
using AppLauncher.Core.Detect;

namespace AppLauncher.Core.Tests.Apps;

public sealed class AppCandidatesTests
{
    private static AppPlan Plan(params (string Path, string Text)[] files) =>
        AppPlanner.Plan(InMemorySourceTree.FromText(files.Select(f => KeyValuePair.Create(f.Path, f.Text))), Detector.Default);

    [Fact]
    public void Plan_AppsTwoLevelsDown_ListedOnceEachWithTheBuildRootOfTheFirst()
    {
        var plan = Plan(
            ("README.md", "monorepo"),
            ("apps/web/package.json", """{"scripts":{"start":"node server.js"}}"""),
            ("apps/web/public/index.html", "<h1>assets of the web app</h1>"),
            ("apps/api/go.mod", "module example.com/api\n"),
            ("apps/api/main.go", "package main\n"),
            ("apps/web/node_modules/x/package.json", "{}"),
            (".github/workflows/ci/index.html", ""));

        Assert.Equal(DetectOutcome.Error, plan.Result.Outcome);
        Assert.Null(plan.Detection);
        Assert.StartsWith("nothing to build at the repository root, but 2 subfolders hold apps: apps/api/ (go), apps/web/ (node).", plan.Result.Message);
        Assert.Contains("'build: {root: apps/api}'", plan.Result.Message);
    }

    [Fact]
    public void Plan_RefusalsAdvice_IsALaunchConfigThatThenBuildsThatFolder()
    {
        (string, string)[] repository =
        [
            ("api/package.json", """{"scripts":{"start":"node server.js"}}"""),
            ("site/index.html", "<h1>site</h1>"),
        ];
        Assert.Contains("'kind: App' and 'build: {root: api}'", Plan(repository).Result.Message);

        var plan = Plan([.. repository, ("launcher.yaml", "kind: App\nbuild: {root: api}\n")]);

        Assert.Equal(DetectOutcome.Pass, plan.Result.Outcome);
        Assert.Equal("node", plan.Detection!.Buildpack);
        Assert.Equal("api", plan.BuildRoot);
    }

    [Fact]
    public void Plan_NothingAnywhere_StillSaysNoBuildpackMatched()
    {
        var plan = Plan(("README.md", "docs"), ("docs/notes.txt", "x"));

        Assert.Equal(DetectOutcome.Fail, plan.Result.Outcome);
        Assert.StartsWith("no buildpack matched", plan.Result.Message);
    }

    [Fact]
    public void Find_ManyFolders_TriesAtMostTheLimit()
    {
        var files = Enumerable.Range(0, 500).Select(i => KeyValuePair.Create($"f{i:D3}/server.js", ""));

        var found = AppCandidates.Find(new InMemorySourceTree(files.Select(f => KeyValuePair.Create(f.Key, Array.Empty<byte>()))), Detector.Default);

        Assert.Equal(AppCandidates.MaxFolders, found.Count);
        Assert.All(found, c => Assert.Equal("node", c.Buildpack));
    }
}
