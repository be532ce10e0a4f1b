using AppLauncher.Core.Config;

namespace AppLauncher.Core.Tests.Config;

public sealed class TlsConfigTests
{
    private static ConfigResult<PlatformConfig> Read(string yaml) =>
        YamlConfigReader<PlatformConfig>.Read(yaml, "launcher.yaml", new PlatformConfigValidator());

    [Fact]
    public void Read_NoTlsSection_HttpsOnLocalhost8443WithRedirectAndADayOfHsts()
    {
        var config = Read("").Value!;

        Assert.True(config.Tls.Enabled);
        Assert.Equal("https://localhost:8443", config.Tls.Listen);
        Assert.True(config.Tls.Redirect);
        Assert.Equal(86400, config.Tls.HstsMaxAgeSeconds);
    }

    [Fact]
    public void Read_TlsOff_DoesNotCheckTheListener()
    {
        var result = Read("tls:\n  enabled: false\n  listen: nonsense\n");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
    }

    [Theory]
    [InlineData("tls:\n  listen: http://localhost:8443\n", 2, "tls.listen", "https:// URL with a port")]
    [InlineData("tls:\n  listen: https://localhost\n", 2, "tls.listen", "https:// URL with a port")]
    [InlineData("server:\n  listen: http://localhost:9000\ntls:\n  listen: https://localhost:9000\n", 4, "tls.listen", "uses the port of server.listen")]
    [InlineData("tls:\n  hstsMaxAgeSeconds: -1\n", 2, "tls.hstsMaxAgeSeconds", "between 0")]
    public void Read_InvalidTlsValue_ErrorNamesFieldAndRule(string yaml, int line, string field, string rule)
    {
        var error = Assert.Single(Read(yaml).Errors);

        Assert.Equal(field, error.Field);
        Assert.Equal(line, error.Line);
        Assert.Contains(rule, error.Message);
    }
}
