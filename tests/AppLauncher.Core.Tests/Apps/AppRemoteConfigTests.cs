using AppLauncher.Core.Apps;

namespace AppLauncher.Core.Tests.Apps;

/// <summary><c>remote:</c> in an app's launcher.yaml: the ref rules a connected app's repository carries itself.</summary>
public sealed class AppRemoteConfigTests
{
    [Fact]
    public void Parse_RemoteSection_GivesTagsAndPreviews()
    {
        var result = AppConfigFile.Parse("kind: App\nremote:\n  tags: \"release-*\"\n  previews: false\n")!;

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(("release-*", (bool?)false), (result.Value!.Remote!.Tags, result.Value.Remote.Previews));
    }

    [Fact]
    public void Parse_NoRemoteSection_LeavesTheConnectRules() =>
        Assert.Null(AppConfigFile.Parse("kind: App\nport: 3000\n")!.Value!.Remote);

    [Fact]
    public void Parse_OnlyPreviews_KeepsTheTagsGivenAtConnect() =>
        Assert.Null(AppConfigFile.Parse("kind: App\nremote:\n  previews: true\n")!.Value!.Remote!.Tags);

    [Theory]
    [InlineData("remote:\n  tags: \"v* x\"\n", "launcher.yaml:3: remote.tags: must be a tag glob")]
    [InlineData("remote:\n  previews: maybe\n", "launcher.yaml:3: value has the wrong type")]
    [InlineData("remote:\n  branch: main\n", "launcher.yaml:3: branch: unknown field 'branch'")]
    public void Parse_BadRemoteSection_SaysWhereAndWhat(string body, string expected)
    {
        var result = AppConfigFile.Parse("kind: App\n" + body)!;

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.ToString().StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_PlatformsLauncherYaml_IsNoAppConfig() =>
        Assert.Null(AppConfigFile.Parse("server:\n  listen: http://localhost:8080\n"));
}
