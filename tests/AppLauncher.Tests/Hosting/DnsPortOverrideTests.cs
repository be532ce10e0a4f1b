using AppLauncher.Hosting;
using AppLauncher.Settings;

namespace AppLauncher.Tests.Hosting;

/// <summary>LAUNCHER_DNS_PORT turns the embedded DNS server on, over what launcher.yaml says.</summary>
public sealed class DnsPortOverrideTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private (LauncherSettings? Settings, IReadOnlyList<string> Errors) Load(string yaml, string? port)
    {
        var file = Path.Combine(_dir.Path, "launcher.yaml");
        File.WriteAllText(file, yaml);
        var environment = new Dictionary<string, string?> { ["LAUNCHER_DATA"] = Path.Combine(_dir.Path, "data"), ["LAUNCHER_CONFIG"] = file };
        if (port is not null)
        {
            environment["LAUNCHER_DNS_PORT"] = port;
        }

        return LauncherSettingsLoader.Load(environment);
    }

    [Fact]
    public void Load_NoDnsSettings_ServerIsOff()
    {
        Assert.False(Load("domain: localhost\n", null).Settings!.Config.Dns.Enabled);
    }

    [Fact]
    public void Load_DnsPortVariable_TurnsTheServerOnAtThatPort()
    {
        var (settings, errors) = Load("dns:\n  enabled: false\n  port: 5353\n", "5354");

        Assert.Empty(errors);
        Assert.True(settings!.Config.Dns.Enabled);
        Assert.Equal(5354, settings.Config.Dns.Port);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("70000")]
    public void Load_DnsPortVariableNotAPort_IsAnErrorNamingTheField(string port)
    {
        var (settings, errors) = Load("domain: localhost\n", port);

        Assert.Null(settings);
        Assert.Contains("dns.port: must be a port between 1 and 65535", Assert.Single(errors));
    }

    public void Dispose() => _dir.Dispose();
}
