using AppLauncher.Core.Apps;
using AppLauncher.Core.Config;
using AppLauncher.Core.Parsing;

namespace AppLauncher.Core.Tests.Config;

/// <summary>Hostile launcher.yaml files: each is refused with the file and the limit named, and none ends the process.</summary>
public sealed class YamlConfigReaderLimitsTests
{
    private static string Errors(string yaml)
    {
        var result = YamlConfigReader<AppConfig>.Read(yaml, "launcher.yaml", new AppConfigValidator());
        Assert.False(result.IsValid);
        return string.Join("\n", result.Errors);
    }

    [Theory]
    [InlineData('[')]
    [InlineData('{')]
    public void Read_UnknownKeyNested30000Deep_RefusedNamingTheDepthLimit(char open)
    {
        var yaml = "kind: App\nextra: " + new string(open, 30_000) + "\n";

        var errors = Errors(yaml);

        Assert.Contains("launcher.yaml:2: launcher.yaml nests lists and maps more than 64 levels deep", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_PlatformFileNested30000Deep_Refused()
    {
        var result = YamlConfigReader<PlatformConfig>.Read("server:\n  x: " + new string('[', 30_000), "/etc/launcher.yaml", new PlatformConfigValidator());

        Assert.Contains("/etc/launcher.yaml nests lists and maps more than 64 levels", string.Join("\n", result.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BillionLaughs_RefusedNamingTheAliasLimit()
    {
        var yaml = "kind: App\na: &a [x, x, x, x, x, x, x, x, x, x]\n"
            + string.Concat(Enumerable.Range(1, 9).Select(i => $"{(char)('a' + i)}: &{(char)('a' + i)} [{string.Join(", ", Enumerable.Repeat($"*{(char)('a' + i - 1)}", 10))}]\n"));

        Assert.Contains("once its aliases (*name) are expanded; the limit is 100,000", Errors(yaml), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FewAliases_StillAllowed()
    {
        var result = YamlConfigReader<AppConfig>.Read("kind: App\nenv: &e {A: b}\n", "launcher.yaml", new AppConfigValidator());

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
    }

    [Fact]
    public void Read_OversizedFile_RefusedNamingTheSizeLimit()
    {
        var yaml = "kind: App\n# " + new string('x', ParseLimits.MaxFileBytes) + "\n";

        Assert.Contains("the limit is 1 MiB", Errors(yaml), StringComparison.Ordinal);
    }
}
