using AppLauncher.Core.Apps;
using AppLauncher.Core.Build;
using AppLauncher.Core.Detect;

namespace AppLauncher.Core.Tests.Detect;

/// <summary>
/// A table of fixture repositories (Detect/fixtures/&lt;case&gt;/) and the plan each must give (Detect/fixtures/&lt;case&gt;.json),
/// as <c>launcher detect --json</c> prints it. After an intended change, regenerate with UPDATE_GOLDEN=1 and review the diff.
/// </summary>
public sealed class DetectionGoldenTests
{
    private static readonly string Fixtures = Path.Combine(RepositoryRoot.Path, "tests", "AppLauncher.Core.Tests", "Detect", "fixtures");

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.EnumerateDirectories(Fixtures).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(dir));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Plan_FixtureRepository_MatchesGoldenFile(string fixture)
    {
        var actual = DetectionReport.From(AppPlanner.Plan(FixtureTree.Load(Path.Combine(Fixtures, fixture)), Detector.Default)).ToJson() + "\n";
        var golden = Path.Combine(Fixtures, fixture + ".json");
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(golden, actual);
        }

        Assert.True(File.Exists(golden), $"no golden file {golden}: run the tests with UPDATE_GOLDEN=1 and review it");
        Assert.Equal(File.ReadAllText(golden), actual);
    }

    [Fact]
    public void Fixtures_EveryGoldenFile_HasItsRepository()
    {
        var orphans = Directory.EnumerateFiles(Fixtures, "*.json")
            .Where(f => !Directory.Exists(Path.ChangeExtension(f, null)))
            .ToList();

        Assert.Empty(orphans);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Render_FixtureThatPasses_ItsBuildpackTemplateRendersWithItsFacts(string fixture)
    {
        var plan = AppPlanner.Plan(FixtureTree.Load(Path.Combine(Fixtures, fixture)), Detector.Default);
        if (plan.Detection is not { Buildpack: not "dockerfile" } detection)
        {
            return;
        }

        var template = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "buildpacks", detection.Buildpack, "Dockerfile.template"));
        var facts = new Dictionary<string, string>(detection.Facts)
        {
            ["stack.build"] = "build:1", ["stack.run"] = "run:1", ["port"] = "8080", ["start.exec"] = StartCommand.ToExecForm(detection.Start!),
        };

        var dockerfile = DockerfileTemplate.Render(template, facts);

        Assert.Contains("FROM build:1 AS build", dockerfile);
        Assert.Contains("FROM run:1", dockerfile);
        Assert.Contains("CMD " + StartCommand.ToExecForm(detection.Start!), dockerfile);
        Assert.DoesNotContain("{{", dockerfile);
    }
}
