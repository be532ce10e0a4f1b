using AppLauncher.Core.Config;

namespace AppLauncher.Core.Tests.Config;

public sealed class DnsConfigTests
{
    private static ConfigResult<PlatformConfig> Read(string yaml) =>
        YamlConfigReader<PlatformConfig>.Read(yaml, "launcher.yaml", new PlatformConfigValidator());

    private const string Register = "dns:\n  register:\n    server: 127.0.0.1\n    port: 5300\n    zone: apps.test\n    keyName: launcher-key\n    keySecret: BBmEh0W4apsFYcrw2/6mpuPUBGQQO6DgjIptfHlW7EA=\n";

    [Fact]
    public void Read_NoDnsSection_ServerOffAndNoRegistration()
    {
        var config = Read("").Value!;

        Assert.False(config.Dns.Enabled);
        Assert.Null(config.Dns.Register);
        Assert.Equal("{app}.{domain}", config.Domains.Template);
        Assert.Equal(["www", "ns"], config.Domains.Reserved);
    }

    [Fact]
    public void Read_FullDnsSection_IsValid()
    {
        var result = Read(Register + "  enabled: true\n  port: 5354\n  resolver: 127.0.0.1:5300\n");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal("apps.test", result.Value!.Dns.Register!.Zone);
        Assert.Equal("hmac-sha256", result.Value.Dns.Register.Algorithm);
        Assert.Equal(5354, result.Value.Dns.Port);
    }

    [Theory]
    [InlineData("dns:\n  port: 0\n", 2, "dns.port", "between 1 and 65535")]
    [InlineData("dns:\n  listen: localhost\n", 2, "dns.listen", "not an IP address")]
    [InlineData("dns:\n  ipv4: ::1\n", 2, "dns.ipv4", "not an IPv4 address")]
    [InlineData("dns:\n  ipv6: 127.0.0.1\n", 2, "dns.ipv6", "not an IPv6 address")]
    [InlineData("dns:\n  resolver: ns.example.com:53\n", 2, "dns.resolver", "ip:port")]
    [InlineData("domains:\n  template: \"{app}.example.com\"\n", 2, "domains.template", "must end with '.{domain}'")]
    public void Read_InvalidDnsValue_ErrorNamesFieldAndRule(string yaml, int line, string field, string rule)
    {
        var error = Assert.Single(Read(yaml).Errors);

        Assert.Equal(field, error.Field);
        Assert.Equal(line, error.Line);
        Assert.Contains(rule, error.Message);
    }

    [Fact]
    public void Read_BadReservedLabel_ErrorNamesTheEntry()
    {
        var error = Assert.Single(Read("domains:\n  reserved: [www, Bad_One]\n").Errors);

        Assert.Equal("domains.reserved[1]", error.Field);
        Assert.Contains("'Bad_One' is not a DNS label", error.Message);
    }

    [Theory]
    [InlineData("keySecret: BBmEh0W4apsFYcrw2/6mpuPUBGQQO6DgjIptfHlW7EA=", "keySecret: not-base64!", "dns.register.keySecret", "tsig-keygen")]
    [InlineData("zone: apps.test", "zone: apps..test", "dns.register.zone", "not a zone name")]
    [InlineData("server: 127.0.0.1", "server: dns.example.com", "dns.register.server", "not an IP address")]
    [InlineData("port: 5300", "port: 5300\n    algorithm: hmac-md5", "dns.register.algorithm", "hmac-sha256")]
    public void Read_InvalidRegistration_ErrorNamesFieldAndRule(string good, string bad, string field, string rule)
    {
        var error = Assert.Single(Read(Register.Replace(good, bad, StringComparison.Ordinal)).Errors);

        Assert.Equal(field, error.Field);
        Assert.Contains(rule, error.Message);
    }

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1:53")]
    [InlineData("127.0.0.1:5300", "127.0.0.1:5300")]
    [InlineData("::1", "[::1]:53")]
    [InlineData("[::1]:5300", "[::1]:5300")]
    public void DnsEndpoint_TryParse_ReadsAddressAndPort(string text, string expected)
    {
        Assert.True(AppLauncher.Core.Dns.DnsEndpoint.TryParse(text, 53, out var endpoint));
        Assert.Equal(expected, endpoint.ToString());
    }
}
