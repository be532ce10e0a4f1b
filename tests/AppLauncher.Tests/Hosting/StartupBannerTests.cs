using AppLauncher.Core.Config;
using AppLauncher.Hosting;
using AppLauncher.Security;
using AppLauncher.Settings;

namespace AppLauncher.Tests.Hosting;

public sealed class StartupBannerTests
{
    private const string Token = "banner-token-9c1e";

    private static string Print(bool generated)
    {
        var settings = new LauncherSettings(new PlatformConfig(), "launcher.yaml", "/srv/launcher", "/srv/buildpacks", new AdminToken(Token), generated);
        using var output = new StringWriter();
        StartupBanner.Print(settings, output);
        return output.ToString();
    }

    [Fact]
    public void Print_FirstStartWithAGeneratedToken_ShowsItOnceWithWhereItIsKept()
    {
        var banner = Print(generated: true);

        Assert.Contains($"admin token (new, shown this once): {Token}", banner);
        Assert.Contains("kept in /srv/launcher/admin-token", banner);
    }

    [Fact]
    public void Print_LaterStarts_SayWhereTheTokenIsWithoutPrintingIt()
    {
        var banner = Print(generated: false);

        Assert.DoesNotContain(Token, banner);
        Assert.Contains("admin token: in /srv/launcher/admin-token", banner);
        Assert.Contains("LAUNCHER_ADMIN_TOKEN", banner);
    }
}
