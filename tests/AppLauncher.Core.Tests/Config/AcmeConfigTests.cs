using AppLauncher.Core.Config;

namespace AppLauncher.Core.Tests.Config;

/// <summary>The <c>acme:</c> section: off by default, and every wrong value named with what is expected.</summary>
public sealed class AcmeConfigTests
{
    private const string Good = "dns:\n  enabled: true\nacme:\n  directory: https://127.0.0.1:14000/dir\n  email: ops@example.com\n";

    private static ConfigResult<PlatformConfig> Read(string yaml) =>
        YamlConfigReader<PlatformConfig>.Read(yaml, "launcher.yaml", new PlatformConfigValidator());

    [Fact]
    public void Read_NoAcmeSection_OffWithDefaults()
    {
        var config = Read("").Value!;

        Assert.Equal("", config.Acme.Directory);
        Assert.Equal([AcmeConfig.Http01, AcmeConfig.Dns01, AcmeConfig.TlsAlpn01], config.Acme.Challenges);
        Assert.True(config.Acme.Wildcard);
        Assert.Equal(300, config.Acme.CheckIntervalSeconds);
    }

    [Fact]
    public void Read_GoodSection_IsValid()
    {
        var result = Read(Good + "  challenges: [dns-01]\n  caRoot: /etc/pebble/ca.pem\n");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(["dns-01"], result.Value!.Acme.Challenges);
        Assert.Equal("/etc/pebble/ca.pem", result.Value.Acme.CaRoot);
    }

    [Theory]
    [InlineData("  directory: https://127.0.0.1:14000/dir\n", "  directory: http://acme.example/dir\n", "acme.directory", "not an https URL")]
    [InlineData("  email: ops@example.com\n", "  email: not an address\n", "acme.email", "not an e-mail address")]
    [InlineData("  email: ops@example.com\n", "  email: ops@example.com\n  challenges: [http-02]\n  wildcard: false\n", "acme.challenges[0]", "use http-01, dns-01 or tls-alpn-01")]
    [InlineData("  email: ops@example.com\n", "  email: ops@example.com\n  challenges: [http-01]\n", "acme.wildcard", "a wildcard certificate needs dns-01")]
    [InlineData("dns:\n  enabled: true\n", "dns:\n  enabled: false\n", "acme.wildcard", "turn on dns.enabled, configure dns.register")]
    [InlineData("  email: ops@example.com\n", "  email: ops@example.com\n  retryMinSeconds: 600\n  retryMaxSeconds: 60\n", "acme.retryMaxSeconds", "at least acme.retryMinSeconds")]
    [InlineData("  email: ops@example.com\n", "  email: ops@example.com\n  checkIntervalSeconds: 0\n", "acme.checkIntervalSeconds", "between 1 and 86400")]
    [InlineData("  email: ops@example.com\n", "  email: ops@example.com\n  orderTimeoutSeconds: 1\n", "acme.orderTimeoutSeconds", "between 5 and 3600")]
    public void Read_BadValue_ErrorNamesFieldAndRule(string good, string bad, string field, string rule)
    {
        var error = Assert.Single(Read(Good.Replace(good, bad, StringComparison.Ordinal)).Errors);

        Assert.Equal(field, error.Field);
        Assert.Contains(rule, error.Message);
    }

    [Fact]
    public void Read_EmptyChallengeList_SaysWhichTypesExist()
    {
        var error = Assert.Single(Read(Good + "  challenges: []\n  wildcard: false\n").Errors);

        Assert.Equal("acme.challenges", error.Field);
        Assert.Contains("http-01, dns-01, tls-alpn-01", error.Message);
    }
}
