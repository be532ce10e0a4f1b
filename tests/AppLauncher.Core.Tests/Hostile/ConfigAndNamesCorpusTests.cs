using System.Text;
using AppLauncher.Core.Apps;
using AppLauncher.Core.Config;
using AppLauncher.Core.Names;
using Xunit.Abstractions;

namespace AppLauncher.Core.Tests.Hostile;

/// <summary>The platform's own launcher.yaml and the names every API body and push carries, fed the hostile corpus.</summary>
public sealed class ConfigAndNamesCorpusTests(ITestOutputHelper output)
{
    private const string PlatformSample =
        "server:\n  listen: http://127.0.0.1:8080\ndomain: apps.test\ndataDirectory: /var/lib/launcher\nbuild:\n  concurrency: 2\n" +
        "deploy:\n  readyTimeoutSeconds: 60\ngit:\n  maxPushBytes: 104857600\ndns:\n  enabled: true\n  port: 5353\n";

    [Fact]
    public void Read_EveryHostileInputAsThePlatformConfig_GivesErrorsNamingTheFileNeverAnException()
    {
        var run = new CorpusRun("platform launcher.yaml");
        var extra = new[]
        {
            HostileInputs.BillionLaughsYaml("domain: x\nx:\n"), "server: ~\n", "server:\n  listen: [1]\n", "dns:\n  port: 99999999999999999999\n",
            "git:\n  maxPushBytes: -1\n", "domain: \"a\\0b\"\n", "store: 5\n", "runtime: {kubernetes: [}\n", "server: &a [*a]\n",
        }.Select(t => new HostileInput(HostileTargets.Printable(t), HostileInputs.Text(t)));
        foreach (var input in HostileInputs.From(PlatformSample).Concat(extra))
        {
            run.Run($"launcher.yaml ({input.Case})", () =>
            {
                var text = Encoding.UTF8.GetString(input.Bytes);
                var result = YamlConfigReader<PlatformConfig>.Read(text, "launcher.yaml", new PlatformConfigValidator());
                return result.Errors.All(e => e.File == "launcher.yaml" && e.Message.Length > 0) ? null : $"an error names no file: {string.Join("; ", result.Errors)}";
            });
        }

        run.Print(output);
        Assert.True(run.Problems.Count == 0, run.Report());
    }

    public static IEnumerable<string> HostileNames()
    {
        string[] seeds = ["hello", "my-app", "GREETING", "/healthz", "candidate", "hello-00007"];
        string[] hostile =
        [
            "", " ", "\0", "a\0b", "a\n", "\n", "a\r\n", "-", "--", "a-", "-a", "..", "../x", "//host/", "http://127.0.0.1/", "\\\\host\\x", "%00", "%2e%2e",
            "\ud800", "\udfff", "é", "ﬀ", "ǅ", "\u202e", "\u200b", "\ufeff", "$(id)", "`id`", "a;b", "a b", "\"", "'", "{}", "[]", "*", "?",
            new('a', 64), new('a', 100_000), new('-', 100_000), string.Concat(Enumerable.Repeat("a-", 50_000)), new('/', 100_000), new('\n', 100_000),
        ];
        return seeds.Concat(hostile).Concat(seeds.SelectMany(s => hostile.Take(30).Select(h => s + h)));
    }

    [Fact]
    public void Validate_HostileNamesAndPaths_RefuseOrAcceptWithoutThrowing()
    {
        var run = new CorpusRun("names (app, env var, health-check path)");
        foreach (var name in HostileNames())
        {
            var shown = HostileTargets.Printable(name);
            run.Run($"app name {shown}", () => AppName.Validate(name) is { Length: 0 } ? "an empty message" : null);
            run.Run($"env var {shown}", () => EnvVarName.Validate(name) is { Length: 0 } ? "an empty message" : null);
            run.Run($"health-check path {shown}", () => HealthCheckPath.Validate(name) is { Length: 0 } ? "an empty message" : null);
        }

        run.Print(output);
        Assert.True(run.Problems.Count == 0, run.Report());
    }

    /// <summary>
    /// Pushed branch names (what a ref under <c>refs/heads/</c> may hold once git's own check-ref-format let it in, and
    /// worse): each becomes a preview tag that is a valid DNS label fitting beside the app's name, or none at all.
    /// </summary>
    [Fact]
    public void ForBranch_HostileBranchNames_GiveAValidPreviewLabelOrNone()
    {
        var run = new CorpusRun("git branch names (preview tags)");
        string[] refs =
        [
            "feature/Login", "feature//x", "a/b/c/d/e/f", "@{-1}", "HEAD", "refs/heads/main", "x.lock", "a..b", "~^:?*[\\", "-rf", "--upload-pack=x",
            "ÄÖÜ/ß", "🙂", "日本語", new('/', 1000), new string('a', 56) + "-bbbb", new string('a', 56) + "/bbbb", "a-bc", "a/b", string.Concat(Enumerable.Repeat("a/", 10_000)), string.Concat(Enumerable.Repeat("é-", 10_000)),
        ];
        foreach (var branch in HostileNames().Concat(refs))
        {
            foreach (var app in new[] { "hello", new string('a', 60), new string('a', 62), new string('a', 63) })
            {
                run.Run($"branch {HostileTargets.Printable(branch)} of {app.Length}-character app", () =>
                {
                    var tag = Core.Traffic.TrafficTags.ForBranch(branch, app);
                    return tag is null ? null
                        : AppName.Validate(tag) is { } error ? $"the tag '{tag}' is not a valid label: {error}"
                        : tag.Length + 1 + app.Length > AppName.MaxLength ? $"the host label of '{tag}' does not fit a DNS label"
                        : null;
                });
            }
        }

        run.Print(output);
        Assert.True(run.Problems.Count == 0, run.Report());
    }
}
