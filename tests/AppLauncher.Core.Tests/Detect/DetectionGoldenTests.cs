using System.Text.Json;
using AppLauncher.Core.Apps;
using AppLauncher.Core.Build;
using AppLauncher.Core.Detect;

namespace AppLauncher.Core.Tests.Detect;

/// <summary>
/// A table of fixture repositories (Detect/fixtures/&lt;case&gt;/) and the plan each must give (Detect/fixtures/&lt;case&gt;.json),
/// as <c>launcher detect --json</c> prints it. After an intended change, regenerate with UPDATE_GOLDEN=1 (refused under
/// CI=true), review the diff and re-run: a rewritten golden fails its row until then (see <see cref="Golden"/>).
/// Each fixture's golden outcome also puts it in one of three tables that check what the plan is for: a passing buildpack
/// renders its Dockerfile template, a Dockerfile is built as is, and a fixture that does not pass explains why.
/// </summary>
public sealed class DetectionGoldenTests
{
    private static readonly string Fixtures = Path.Combine(RepositoryRoot.Path, "tests", "AppLauncher.Core.Tests", "Detect", "fixtures");

    public static TheoryData<string> Cases() => new(AllFixtures());

    /// <summary>Fixtures whose golden plan passes with a language buildpack (a Dockerfile template to render).</summary>
    public static TheoryData<string> PassingWithABuildpack() => new(WithABuildpack());

    /// <summary>Fixtures whose golden plan passes with their own Dockerfile.</summary>
    public static TheoryData<string> PassingWithADockerfile() => new(WithADockerfile());

    /// <summary>Fixtures whose golden plan fails (nothing matched) or errors (a buildpack matched a broken project).</summary>
    public static TheoryData<string> NotPassing() => new(FailingOrErroring());

    private static IEnumerable<string> WithABuildpack() => AllFixtures().Where(f => GoldenOf(f) is { Outcome: "pass", Buildpack: not "dockerfile" });

    private static IEnumerable<string> WithADockerfile() => AllFixtures().Where(f => GoldenOf(f) is { Outcome: "pass", Buildpack: "dockerfile" });

    private static IEnumerable<string> FailingOrErroring() => AllFixtures().Where(f => GoldenOf(f) is { Outcome: "fail" or "error" });

    private static IEnumerable<string> AllFixtures() =>
        Directory.EnumerateDirectories(Fixtures).Order(StringComparer.Ordinal).Select(d => Path.GetFileName(d)!);

    private static GoldenPlan? GoldenOf(string fixture)
    {
        var path = Path.Combine(Fixtures, fixture + ".json");
        return File.Exists(path) ? JsonSerializer.Deserialize<GoldenPlan>(File.ReadAllText(path), JsonSerializerOptions.Web) : null;
    }

    private static AppPlan PlanOf(string fixture) => AppPlanner.Plan(FixtureTree.Load(Path.Combine(Fixtures, fixture)), Detector.Default);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Plan_FixtureRepository_MatchesGoldenFile(string fixture)
    {
        var actual = DetectionReport.From(PlanOf(fixture)).ToJson() + "\n";

        Golden.AssertMatches(Path.Combine(Fixtures, fixture + ".json"), actual);
    }

    [Fact]
    public void Fixtures_EveryGoldenFile_HasItsRepository()
    {
        var orphans = Directory.EnumerateFiles(Fixtures, "*.json")
            .Where(f => !Directory.Exists(Path.ChangeExtension(f, null)))
            .ToList();

        Assert.Empty(orphans);
    }

    [Fact]
    public void Fixtures_EveryRepository_IsInExactlyOneOfTheOutcomeTables()
    {
        var tabled = WithABuildpack().Concat(WithADockerfile()).Concat(FailingOrErroring()).ToList();

        var untabled = AllFixtures().Except(tabled).ToList();

        Assert.True(untabled.Count == 0, $"fixtures with no golden file or an unknown outcome: {string.Join(", ", untabled)}");
        Assert.Equal(tabled.Count, tabled.Distinct().Count());
        Assert.NotEmpty(WithABuildpack());
        Assert.NotEmpty(WithADockerfile());
        Assert.NotEmpty(FailingOrErroring());
    }

    [Theory]
    [MemberData(nameof(PassingWithABuildpack))]
    public void Render_FixtureThatPasses_ItsBuildpackTemplateRendersWithItsFacts(string fixture)
    {
        var plan = PlanOf(fixture);

        Assert.Equal(DetectOutcome.Pass, plan.Result.Outcome);
        var detection = Assert.IsType<Detection>(plan.Detection);
        Assert.Equal(GoldenOf(fixture)!.Buildpack, detection.Buildpack);
        Assert.False(string.IsNullOrWhiteSpace(detection.Start), $"{fixture}: a buildpack plan must have a start command");
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

    /// <summary>No template is rendered for these: the build reads the Dockerfile the plan names, from the build root.</summary>
    [Theory]
    [MemberData(nameof(PassingWithADockerfile))]
    public void Plan_FixtureWithADockerfile_NamesAFileInTheBuildRootThatIsBuiltAsIs(string fixture)
    {
        var repository = FixtureTree.Load(Path.Combine(Fixtures, fixture));
        var plan = AppPlanner.Plan(repository, Detector.Default);

        Assert.Equal(DetectOutcome.Pass, plan.Result.Outcome);
        var detection = Assert.IsType<Detection>(plan.Detection);
        Assert.Equal("dockerfile", detection.Buildpack);
        Assert.False(File.Exists(Path.Combine(RepositoryRoot.Path, "buildpacks", "dockerfile", "Dockerfile.template")), "a Dockerfile is never templated");
        var buildRoot = plan.BuildRoot is { } root ? new SubtreeSourceTree(repository, root) : (ISourceTree)repository;
        var text = buildRoot.ReadText(detection.Facts["dockerfile"]);
        Assert.True(text is not null, $"{fixture}: the plan names {detection.Facts["dockerfile"]}, which is not in the build root");
        Assert.Contains(text.Split('\n'), l => l.TrimStart().StartsWith("FROM ", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(detection.Facts["dockerfile"], detection.DecidedBy);
        var why = GoldenOf(fixture)!.Message["dockerfile: ".Length..];
        Assert.Contains("why: " + why, DetectionReport.From(plan).ToLines());
    }

    /// <summary>What a push prints and <c>launcher detect</c> shows for these is the reason alone, as the golden file has it.</summary>
    [Theory]
    [MemberData(nameof(NotPassing))]
    public void Plan_FixtureThatDoesNotPass_HasNoBuildAndSaysWhyAsItsGoldenFileDoes(string fixture)
    {
        var golden = GoldenOf(fixture)!;

        var plan = PlanOf(fixture);

        Assert.Equal(golden.Outcome, plan.Result.Outcome.ToString().ToLowerInvariant());
        Assert.Null(plan.Detection);
        Assert.Equal(golden.Message, plan.Result.Message);
        Assert.Equal([golden.Message], DetectionReport.From(plan).ToLines());
        Assert.True(golden.Message.Length > 20, $"{fixture}: '{golden.Message}' is too short to say what to fix");
        Assert.DoesNotContain("Exception", golden.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", golden.Message, StringComparison.Ordinal);
    }

    private sealed record GoldenPlan(string Outcome, string? Buildpack, string Message);
}
