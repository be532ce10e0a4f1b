using AppLauncher.Core.Apps;
using AppLauncher.Core.Detect;
using Xunit.Abstractions;

namespace AppLauncher.Core.Tests.Hostile;

/// <summary>
/// Every file detection reads, replaced by every input of the hostile corpus, planned as a push is: each gives a
/// pass, a fail or an error that names a file of the push; none throws, overflows the stack or runs without bound.
/// </summary>
public sealed class DetectionCorpusTests(ITestOutputHelper output)
{
    [Fact]
    public void Plan_EveryHostileInputInEveryFile_AnswersWithoutThrowingAndErrorsNameAFile()
    {
        var run = new CorpusRun("detection (every file a push brings)");
        // HOSTILE_TARGET=pyproject.toml runs one file's inputs (to see a fix's own failures without it).
        var only = Environment.GetEnvironmentVariable("HOSTILE_TARGET");
        foreach (var target in HostileTargets.All.Where(t => only is null || t.File == only))
        {
            foreach (var input in target.Inputs)
            {
                run.Run($"{target.File} ({input.Case})", () => Check(target, target.TreeWith(input.Bytes)));
            }
        }

        var app = only is null or "launcher.yaml" ? new HostileTarget("launcher.yaml", "", new Dictionary<string, string> { ["Dockerfile"] = "FROM x\n", ["index.html"] = "" }, []) : null;
        foreach (var input in app is null ? [] : HostileTargets.PathFields())
        {
            run.Run($"launcher.yaml ({input.Case})", () => Check(app!, app!.TreeWith(input.Bytes)));
        }

        run.Print(output);
        Assert.True(run.Problems.Count == 0, run.Report());
    }

    private static string? Check(HostileTarget target, InMemorySourceTree tree)
    {
        var plan = AppPlanner.Plan(tree, Detector.Default);
        var result = plan.Result;
        if (result.Outcome != DetectOutcome.Error)
        {
            return null;
        }

        // The pusher must be told which file is wrong: the message names one of the push's files.
        var names = tree.Files.SelectMany(f => new[] { f, f.Split('/')[^1] }).Append(".csproj");
        return names.Any(n => result.Message.Contains(n, StringComparison.Ordinal)) ? null : $"the error names no file: {result.Message}";
    }

    public static TheoryData<string, string, string> Limits => new()
    {
        { "package.json", "100,000 nested arrays", "package.json nests arrays and objects more than 64 levels deep (line 1); the limit is 64" },
        { "package.json", "100,000 nested objects", "package.json nests arrays and objects more than 64 levels deep" },
        { "package.json", "65 nested arrays", "package.json nests arrays and objects more than 64 levels deep" },
        { "package.json", "oversized valid JSON", "package.json is 2,097,160 bytes; the limit is 1 MiB" },
        { "package.json", "comments and trailing commas", "package.json is not valid JSON (line 1)" },
        { "Hello.csproj", "billion laughs", "Hello.csproj declares a DTD (<!DOCTYPE …>, line 2): DTDs and entities are refused" },
        { "Hello.csproj", "external entity file:///etc/passwd", "Hello.csproj declares a DTD" },
        { "Hello.csproj", "external entity on loopback", "Hello.csproj declares a DTD" },
        { "Hello.csproj", "parameter entity", "Hello.csproj declares a DTD" },
        { "Hello.csproj", "external DTD", "Hello.csproj declares a DTD" },
        { "Hello.csproj", "internal DTD only", "Hello.csproj declares a DTD" },
        { "Hello.csproj", "100,000 nested elements in a property", "Hello.csproj nests elements more than 64 levels deep (line 1); the limit is 64" },
        { "Hello.csproj", "oversized valid XML", "Hello.csproj is 2,097,178 bytes; the limit is 1 MiB" },
        { "Directory.Build.props", "billion laughs", "Directory.Build.props declares a DTD" },
        { "Directory.Build.props", "external entity file:///etc/passwd", "Directory.Build.props declares a DTD" },
        { "Directory.Build.props", "100,000 nested elements in a property", "Directory.Build.props nests elements more than 64 levels deep" },
        { "pom.xml", "billion laughs", "pom.xml declares a DTD" },
        { "pom.xml", "external entity file:///etc/passwd", "pom.xml declares a DTD" },
        { "pom.xml", "10,000 nested elements", "pom.xml nests elements more than 64 levels deep" },
        { "pom.xml", "oversized valid XML", "pom.xml is 2,097,178 bytes; the limit is 1 MiB" },
        { "launcher.yaml", "billion laughs", "once its aliases (*name) are expanded" },
        { "launcher.yaml", "30,000 nested flow lists", "nests lists and maps more than 64 levels deep" },
        { "launcher.yaml", "oversized: padded with newlines", "the limit is 1 MiB" },
        { "Procfile", "oversized: one long line", "Procfile is 2,097," },
        { "Staticfile", "oversized: padded with newlines", "Staticfile is 2,097," },
        { "go.mod", "oversized: the sample repeated", "go.mod is 2,097," },
        { "pyproject.toml", "oversized: padded with newlines", "pyproject.toml is 2,097," },
        { "Pipfile", "oversized: one long line", "Pipfile is 2,097," },
        { "requirements.txt", "oversized: padded with newlines", "requirements.txt is 2,097," },
        { "Dockerfile", "oversized: one long line", "Dockerfile is 2,097," },
        { "deploy/Dockerfile", "oversized: one long line", "deploy/Dockerfile is 2,097," },
        { "build.gradle", "oversized: padded with newlines", "build.gradle is 2,097," },
    };

    /// <summary>The limits a push meets: too big, too deep, DTDs and aliases, each refused with the file, the rule and the fix.</summary>
    [Theory]
    [MemberData(nameof(Limits))]
    public void Plan_InputBeyondALimit_IsAnErrorNamingTheFileAndTheLimit(string file, string inputCase, string expected)
    {
        var target = HostileTargets.All.Single(t => t.File == file);
        var input = target.Inputs.Single(i => i.Case == inputCase);

        var result = AppPlanner.Plan(target.TreeWith(input.Bytes), Detector.Default).Result;

        Assert.Equal(DetectOutcome.Error, result.Outcome);
        Assert.Contains(expected, result.Message, StringComparison.Ordinal);
    }
}
