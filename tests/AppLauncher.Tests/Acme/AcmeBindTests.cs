using System.Net.Http.Json;
using System.Text.Json;
using AppLauncher.Certificates;
using AppLauncher.Core.Config;
using AppLauncher.Tests.Domains;
using AppLauncher.Tests.EndToEnd;
using Microsoft.Extensions.DependencyInjection;

namespace AppLauncher.Tests.Acme;

/// <summary>
/// Certificates from a real Pebble that resolves names through a real BIND 9: the wildcard through DNS-01 written
/// with RFC 2136 (TSIG) into BIND, and custom domains, ordered once verified and only while their DNS points here.
/// </summary>
[Collection(BindCollection.Name)]
public sealed class AcmeBindTests(BindServer bind) : IAsyncLifetime
{
    private readonly string _prefix = "a" + Guid.NewGuid().ToString("N")[..6];
    private readonly int _port = BindServer.FreeUdpAndTcpPort();
    private readonly CapturedLogs _logs = new();
    private readonly List<IAsyncDisposable> _owned = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            await owned.DisposeAsync();
        }
    }

    private async Task<(PebbleServer Pebble, TestLauncher Launcher)> StartAsync(bool wildcard, params string[] challenges)
    {
        var pebble = await PebbleServer.StartAsync(_port, LoopbackPorts.Free(), bind.Endpoint);
        _owned.Add(pebble);
        var launcher = await TestLauncher.StartAsync(c =>
        {
            c.Domain = BindServer.AppsZone;
            c.Dns.Resolver = bind.Endpoint;
            c.Dns.Register = new DnsRegisterConfig { Server = "127.0.0.1", Port = bind.Port, Zone = BindServer.AppsZone, KeyName = BindServer.KeyName, KeySecret = bind.KeySecret, TimeoutSeconds = 2 };
            c.Acme = new AcmeConfig
            {
                Directory = pebble.DirectoryUrl,
                CaRoot = pebble.CaRootFile,
                Wildcard = wildcard,
                Challenges = [.. challenges],
                CheckIntervalSeconds = 1,
                RetryMinSeconds = 1,
                RetryMaxSeconds = 4,
                OrderTimeoutSeconds = 30,
            };
        }, logs: _logs, port: _port);
        _owned.Add(launcher);
        return (pebble, launcher);
    }

    private static async Task<JsonElement> CertificateAsync(TestLauncher launcher, string path, string name, Func<JsonElement, bool> until, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        JsonElement last = default;
        while (DateTime.UtcNow < deadline)
        {
            foreach (var c in (await launcher.Http.GetFromJsonAsync<JsonElement>(path)).EnumerateArray())
            {
                if (c.GetProperty("name").GetString() == name && until(last = c.Clone()))
                {
                    return last;
                }
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"certificate {name} never reached the state wanted; last seen: {last}");
    }

    private static async Task<JsonElement> VerifyAsync(TestLauncher launcher, string app, string domain)
    {
        using var response = await launcher.Http.PostAsync($"api/apps/{app}/domains/{domain}/verify", null);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<string> AddDomainAsync(TestLauncher launcher, string app, string domain)
    {
        using var response = await launcher.Http.PostAsJsonAsync($"api/apps/{app}/domains", new { domain });
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    [Fact]
    public async Task Dns01_Wildcard_ThroughRfc2136IntoBind_AndTheTxtRecordIsRemovedAfter()
    {
        var (pebble, launcher) = await StartAsync(wildcard: true, AcmeConfig.Dns01);

        var cert = await CertificateAsync(launcher, "api/certificates", "wildcard", c => c.GetProperty("state").GetString() == "valid");

        Assert.Equal([$"*.{BindServer.AppsZone}"], cert.GetProperty("domains").EnumerateArray().Select(d => d.GetString()));
        var served = launcher.Services.GetRequiredService<ServedCertificates>().Find($"{_prefix}.{BindServer.AppsZone}")!;
        Assert.True(await pebble.IssuedAsync(served, $"{_prefix}.{BindServer.AppsZone}"));
        var txt = await Dig.UntilAsync(bind.Port, $"_acme-challenge.{BindServer.AppsZone}", "TXT", d => d.Section("ANSWER").Length == 0);
        Assert.Empty(txt.Section("ANSWER"));
    }

    [Fact]
    public async Task CustomDomain_Verified_PointingHere_GetsItsCertificateByHttp01()
    {
        var (pebble, launcher) = await StartAsync(wildcard: false, AcmeConfig.Http01);
        var app = $"{_prefix}-shop";
        var domain = $"www-{_prefix}.{BindServer.CustomZone}";
        await launcher.CreateAppAsync(app);
        var token = await AddDomainAsync(launcher, app, domain);
        await bind.UpdateAsync(BindServer.CustomZone, $"update add _launcher-challenge.{domain} 60 TXT \"{token}\"", $"update add {domain} 60 A 127.0.0.1");

        Assert.Equal("verified", (await VerifyAsync(launcher, app, domain)).GetProperty("status").GetString());
        var cert = await CertificateAsync(launcher, $"api/apps/{app}/certificates", domain, c => c.GetProperty("state").GetString() == "valid");

        Assert.Equal(app, cert.GetProperty("app").GetString());
        var served = launcher.Services.GetRequiredService<ServedCertificates>().Find(domain)!;
        Assert.True(await pebble.IssuedAsync(served, domain));
        // The app's own name (registered in BIND by dns.register) has its certificate too.
        await CertificateAsync(launcher, $"api/apps/{app}/certificates", $"{app}.{BindServer.AppsZone}", c => c.GetProperty("state").GetString() == "valid");
    }

    [Fact]
    public async Task CustomDomain_VerifiedButPointingElsewhere_NoOrder_TheStateSaysWhy()
    {
        var (_, launcher) = await StartAsync(wildcard: false, AcmeConfig.Http01);
        var app = $"{_prefix}-away";
        var domain = $"away-{_prefix}.{BindServer.CustomZone}";
        await launcher.CreateAppAsync(app);
        var token = await AddDomainAsync(launcher, app, domain);
        await bind.UpdateAsync(BindServer.CustomZone, $"update add _launcher-challenge.{domain} 60 TXT \"{token}\"", $"update add {domain} 60 A 192.0.2.7");

        Assert.Equal("verified", (await VerifyAsync(launcher, app, domain)).GetProperty("status").GetString());
        var cert = await CertificateAsync(launcher, $"api/apps/{app}/certificates", domain, c => c.GetProperty("lastError").ValueKind == JsonValueKind.String);

        Assert.Equal("failing", cert.GetProperty("state").GetString());
        Assert.Contains("resolves to 192.0.2.7, not to this server", cert.GetProperty("lastError").GetString());
        Assert.Equal(0, cert.GetProperty("failures").GetInt32());
        Assert.DoesNotContain($"ACME order for {domain}", _logs.Text);
    }
}
