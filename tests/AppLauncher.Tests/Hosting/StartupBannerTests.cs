using AppLauncher.Core.Config;
using AppLauncher.Hosting;
using AppLauncher.Security;
using AppLauncher.Settings;

namespace AppLauncher.Tests.Hosting;

public sealed class StartupBannerTests
{
    private const string Token = "banner-token-9c1e";

    private static string Print(bool generated, PlatformConfig? config = null)
    {
        var settings = new LauncherSettings(config ?? new PlatformConfig(), "launcher.yaml", "/srv/launcher", "/srv/buildpacks", new AdminToken(Token), generated);
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

    [Fact]
    public void Print_Defaults_ShowTheHttpsAddressAndTheLocalRootToTrust()
    {
        var banner = Print(generated: false);

        Assert.Contains("https:      https://localhost:8443 (control plane) and *.localhost:8443 (apps)", banner);
        Assert.Contains("local CA:   /srv/launcher/tls/local-ca.crt", banner);
        Assert.Contains("curl --cacert /srv/launcher/tls/local-ca.crt https://hello.localhost:8443/", banner);
    }

    [Fact]
    public void Print_TlsOff_SaysSo()
    {
        var banner = Print(generated: false, new PlatformConfig { Tls = new TlsConfig { Enabled = false } });

        Assert.Contains("https:      off (tls.enabled: false)", banner);
        Assert.DoesNotContain("--cacert", banner);
    }

    [Fact]
    public void Print_Defaults_SayBuildsRunIsolated()
    {
        var banner = Print(generated: false);

        Assert.Contains("builds:     on the isolated network launcher-build", banner);
        Assert.DoesNotContain("WARNING", banner);
    }

    [Fact]
    public void Print_HostBuildNetwork_WarnsWhatBuildsReach()
    {
        var banner = Print(generated: false, new PlatformConfig { Build = new BuildConfig { NetworkMode = "host" } });

        Assert.Contains("builds:     WARNING: on the host's network (build.networkMode: host): a build reaches the control plane", banner);
    }
}
