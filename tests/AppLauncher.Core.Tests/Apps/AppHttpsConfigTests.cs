using AppLauncher.Core.Apps;
using AppLauncher.Core.Config;
using AppLauncher.Core.Detect;

namespace AppLauncher.Core.Tests.Apps;

/// <summary>The app's own <c>https:</c> section of its <c>launcher.yaml</c>.</summary>
public sealed class AppHttpsConfigTests
{
    private static ConfigResult<AppConfig> Read(string body) =>
        AppConfigFile.Read(InMemorySourceTree.FromText([KeyValuePair.Create(AppConfigFile.FileName, "kind: App\n" + body)]))!;

    [Fact]
    public void Read_NoHttpsSection_KeepsThePlatformsSettings()
    {
        var config = Read("port: 3000\n").Value!;

        Assert.Null(config.Https.Redirect);
        Assert.Null(config.Https.HstsMaxAgeSeconds);
    }

    [Fact]
    public void Read_HttpsSection_IsTheAppsOwn()
    {
        var config = Read("https:\n  redirect: false\n  hstsMaxAgeSeconds: 0\n").Value!;

        Assert.False(config.Https.Redirect);
        Assert.Equal(0, config.Https.HstsMaxAgeSeconds);
    }

    [Fact]
    public void Read_NegativeMaxAge_ErrorNamesFieldLineAndRule()
    {
        var error = Assert.Single(Read("https:\n  hstsMaxAgeSeconds: -5\n").Errors);

        Assert.Equal("https.hstsMaxAgeSeconds", error.Field);
        Assert.Equal(3, error.Line);
        Assert.Contains("between 0", error.Message);
    }
}
