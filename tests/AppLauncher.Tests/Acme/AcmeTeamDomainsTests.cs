using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AppLauncher.Acme;
using AppLauncher.Core.Config;
using AppLauncher.Tests.Domains;
using Microsoft.Extensions.DependencyInjection;

namespace AppLauncher.Tests.Acme;

/// <summary>
/// Certificates follow team domains: an opted-in team's app wants a certificate for <c>{app}.{team}.{domain}</c> (the
/// old name's goes when the team opts in or out), and with <c>acme.wildcard</c> the team gets <c>*.{team}.{domain}</c>,
/// which the platform's <c>*.{domain}</c> does not cover. A real server whose ACME directory is a dead loopback port:
/// what is asserted is which certificates it wants and keeps (the orders themselves are AcmePebbleTests' part), and the
/// check interval and retries are an hour, so only the opt-in itself can make the certificates move.
/// </summary>
public sealed class AcmeTeamDomainsTests : IAsyncLifetime
{
    private const string Domain = "acme.test";
    private readonly List<TestLauncher> _owned = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var launcher in _owned)
        {
            await launcher.DisposeAsync();
        }
    }

    private async Task<TestLauncher> LauncherAsync(bool wildcard)
    {
        var launcher = await TestLauncher.StartAsync(c =>
        {
            c.Domain = Domain;
            c.Dns.Enabled = wildcard;
            c.Dns.Port = BindServer.FreeUdpAndTcpPort();
            c.Acme = new AcmeConfig
            {
                Directory = $"https://127.0.0.1:{LoopbackPorts.Free()}/directory",
                Wildcard = wildcard,
                Challenges = wildcard ? [AcmeConfig.Dns01] : [AcmeConfig.Http01],
                CheckIntervalSeconds = 3600,
                RetryMinSeconds = 3600,
                RetryMaxSeconds = 3600,
            };
        });
        _owned.Add(launcher);
        return launcher;
    }

    /// <summary>The names of the certificates the server keeps (pending or failing here), once they are <paramref name="expected"/>.</summary>
    private static async Task<string[]> CertificatesAsync(TestLauncher launcher, string path, params string[] expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string[] names;
        do
        {
            names = [.. (await launcher.Http.GetFromJsonAsync<JsonElement>(path)).EnumerateArray().Select(c => c.GetProperty("name").GetString()!).Order(StringComparer.Ordinal)];
            if (names.SequenceEqual(expected.Order(StringComparer.Ordinal)))
            {
                break;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);
        return names;
    }

    [Fact]
    public async Task PerAppCertificates_AreForTheTeamHost_AndMoveWhenTheTeamOptsInOrOut()
    {
        var launcher = await LauncherAsync(wildcard: false);
        await launcher.CreateTeamAsync("pay");
        await launcher.CreateAppAsync("web", "pay");
        var targets = launcher.Services.GetRequiredService<CertificateTargets>();

        var plain = await CertificatesAsync(launcher, "api/certificates", "web.acme.test");
        Assert.Equal(HttpStatusCode.OK, (await launcher.SetTeamDomainsAsync("pay", "team")).Status);
        var wanted = await targets.WantedAsync(default);
        var moved = await CertificatesAsync(launcher, "api/certificates", "web.pay.acme.test");
        var forApp = await CertificatesAsync(launcher, "api/apps/web/certificates", "web.pay.acme.test");
        Assert.Equal(HttpStatusCode.OK, (await launcher.SetTeamDomainsAsync("pay", "app")).Status);
        var back = await CertificatesAsync(launcher, "api/certificates", "web.acme.test");

        Assert.Equal(["web.acme.test"], plain);
        var target = Assert.Single(wanted);
        Assert.Equal(("web.pay.acme.test", "web"), (target.Name, target.App));
        Assert.Equal(["web.pay.acme.test"], target.Domains);
        Assert.Equal(["web.pay.acme.test"], moved);
        Assert.Equal(["web.pay.acme.test"], forApp);
        Assert.Equal(["web.acme.test"], back);
    }

    [Fact]
    public async Task Wildcard_AnOptedInTeam_GetsItsOwnWildcard_WhichItsAppsShow()
    {
        var launcher = await LauncherAsync(wildcard: true);
        await launcher.CreateTeamAsync("pay", "team");
        await launcher.CreateAppAsync("web", "pay");
        await launcher.CreateAppAsync("shop");
        var targets = launcher.Services.GetRequiredService<CertificateTargets>();

        var wanted = await targets.WantedAsync(default);
        var all = await CertificatesAsync(launcher, "api/certificates", "wildcard", "wildcard-pay");
        var forTeamApp = await CertificatesAsync(launcher, "api/apps/web/certificates", "wildcard-pay");
        var forPlainApp = await CertificatesAsync(launcher, "api/apps/shop/certificates", "wildcard");
        Assert.Equal(HttpStatusCode.OK, (await launcher.SetTeamDomainsAsync("pay", "app")).Status);
        var afterOptOut = await CertificatesAsync(launcher, "api/certificates", "wildcard");

        Assert.Equal([("wildcard", "*.acme.test"), ("wildcard-pay", "*.pay.acme.test")], wanted.Select(t => (t.Name, Assert.Single(t.Domains))));
        Assert.All(wanted, t => Assert.Null(t.App));
        Assert.Equal(["wildcard", "wildcard-pay"], all);
        Assert.Equal(["wildcard-pay"], forTeamApp);
        Assert.Equal(["wildcard"], forPlainApp);
        Assert.Equal(["wildcard"], afterOptOut);
    }
}
