using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AppLauncher.Core.Config;
using AppLauncher.Domains;

namespace AppLauncher.Tests.Domains;

/// <summary>RFC 2136 registration of apps in a real BIND 9, signed with TSIG; checked with the real dig.</summary>
[Collection(BindCollection.Name)]
public sealed class DnsRegistrationTests(BindServer bind)
{
    private readonly string _prefix = "r" + Guid.NewGuid().ToString("N")[..6];

    private Task<TestLauncher> StartAsync(string? secret = null, string keyName = BindServer.KeyName, string? dataDirectory = null) =>
        TestLauncher.StartAsync(
            c => c.Dns.Register = new DnsRegisterConfig
            {
                Server = "127.0.0.1",
                Port = bind.Port,
                Zone = BindServer.AppsZone,
                KeyName = keyName,
                KeySecret = secret ?? bind.KeySecret,
                TimeoutSeconds = 2,
            },
            dataDirectory);

    private static async Task<JsonElement> DnsStatusAsync(TestLauncher launcher, string app, string until)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var status = await launcher.Http.GetFromJsonAsync<JsonElement>($"api/apps/{app}/dns");
            if (status.GetProperty("state").GetString() == until || DateTime.UtcNow > deadline)
            {
                return status;
            }

            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task CreateApp_RegistersAAndAaaaInBind_DeleteRemovesThem()
    {
        await using var launcher = await StartAsync();
        var app = $"{_prefix}-hello";
        var name = $"{app}.{BindServer.AppsZone}";

        await launcher.CreateAppAsync(app);
        var a = await Dig.UntilAsync(bind.Port, name, "A", d => d.Status == "NOERROR");
        var aaaa = await Dig.QueryAsync(bind.Port, name, "AAAA");
        var status = await DnsStatusAsync(launcher, app, "registered");

        Assert.Equal("NOERROR", a.Status);
        Assert.Matches(@$"^{app}\.apps\.test\.\s+60\s+IN\s+A\s+127\.0\.0\.1$", Assert.Single(a.Section("ANSWER")));
        Assert.EndsWith("AAAA\t::1", Assert.Single(aaaa.Section("ANSWER")));
        Assert.Equal("registered", status.GetProperty("state").GetString());
        Assert.Equal(name, status.GetProperty("name").GetString());

        await launcher.DeleteAppAsync(app);
        var gone = await Dig.UntilAsync(bind.Port, name, "A", d => d.Status == "NXDOMAIN");

        Assert.Equal("NXDOMAIN", gone.Status);
        Assert.Equal("NXDOMAIN", (await Dig.QueryAsync(bind.Port, name, "AAAA")).Status);
    }

    [Fact]
    public async Task TeamDomains_AppsAreRegisteredByTeam_AndTheRecordsMoveWhenTheTeamOptsInOrOut()
    {
        await using var launcher = await StartAsync();
        var team = $"{_prefix}-pay";
        var app = $"{_prefix}-web";
        var plain = $"{app}.{BindServer.AppsZone}";
        var byTeam = $"{app}.{team}.{BindServer.AppsZone}";
        await launcher.CreateTeamAsync(team);
        await launcher.CreateAppAsync(app, team);
        await Dig.UntilAsync(bind.Port, plain, "A", d => d.Status == "NOERROR");

        // Opting in: the team name is registered and the plain one removed, no stale record left.
        Assert.Equal(HttpStatusCode.OK, (await launcher.SetTeamDomainsAsync(team, "team")).Status);
        var moved = await Dig.UntilAsync(bind.Port, byTeam, "A", d => d.Status == "NOERROR");
        var old = await Dig.UntilAsync(bind.Port, plain, "A", d => d.Status == "NXDOMAIN");
        var status = await DnsStatusAsync(launcher, app, "registered");

        Assert.Matches(@$"^{app}\.{team}\.apps\.test\.\s+60\s+IN\s+A\s+127\.0\.0\.1$", Assert.Single(moved.Section("ANSWER")));
        Assert.EndsWith("AAAA\t::1", Assert.Single((await Dig.QueryAsync(bind.Port, byTeam, "AAAA")).Section("ANSWER")));
        Assert.Equal("NXDOMAIN", old.Status);
        Assert.Equal("NXDOMAIN", (await Dig.QueryAsync(bind.Port, plain, "AAAA")).Status);
        Assert.Equal(byTeam, status.GetProperty("name").GetString());

        // A new app of the opted-in team is registered by team from the start.
        var second = $"{_prefix}-api";
        await launcher.CreateAppAsync(second, team);
        Assert.Equal("NOERROR", (await Dig.UntilAsync(bind.Port, $"{second}.{team}.{BindServer.AppsZone}", "A", d => d.Status == "NOERROR")).Status);

        // Opting out: back to the plain name, the team name's records go.
        Assert.Equal(HttpStatusCode.OK, (await launcher.SetTeamDomainsAsync(team, "app")).Status);
        Assert.Equal("NOERROR", (await Dig.UntilAsync(bind.Port, plain, "A", d => d.Status == "NOERROR")).Status);
        Assert.Equal("NXDOMAIN", (await Dig.UntilAsync(bind.Port, byTeam, "A", d => d.Status == "NXDOMAIN")).Status);

        // Deleting an app of an opted-in team removes the name it was registered under.
        Assert.Equal(HttpStatusCode.OK, (await launcher.SetTeamDomainsAsync(team, "team")).Status);
        await Dig.UntilAsync(bind.Port, byTeam, "A", d => d.Status == "NOERROR");
        await launcher.DeleteAppAsync(app);
        await launcher.DeleteAppAsync(second);

        Assert.Equal("NXDOMAIN", (await Dig.UntilAsync(bind.Port, byTeam, "A", d => d.Status == "NXDOMAIN")).Status);
        Assert.Equal("NXDOMAIN", (await Dig.UntilAsync(bind.Port, $"{second}.{team}.{BindServer.AppsZone}", "A", d => d.Status == "NXDOMAIN")).Status);
        Assert.Equal("NXDOMAIN", (await Dig.QueryAsync(bind.Port, plain, "A")).Status);
    }

    [Fact]
    public async Task Start_AppsCreatedBeforeRegistrationWasOn_AreRegistered()
    {
        using var data = new TempDirectory();
        var app = $"{_prefix}-kept";
        var name = $"{app}.{BindServer.AppsZone}";
        await using (var before = await TestLauncher.StartAsync(_ => { }, data.Path))
        {
            await before.CreateAppAsync(app);
        }

        Assert.Equal("NXDOMAIN", (await Dig.QueryAsync(bind.Port, name, "A")).Status);

        await using var after = await StartAsync(dataDirectory: data.Path);
        var answer = await Dig.UntilAsync(bind.Port, name, "A", d => d.Status == "NOERROR");

        Assert.Equal("NOERROR", answer.Status);
        await after.DeleteAppAsync(app);
    }

    [Fact]
    public async Task CreateApp_WrongSecret_BindRefusesAndTheApiSaysTheKeyWasRefused()
    {
        await using var launcher = await StartAsync(secret: Convert.ToBase64String(new byte[32]));
        var app = $"{_prefix}-badsig";

        await launcher.CreateAppAsync(app);
        var status = await DnsStatusAsync(launcher, app, "failed");

        Assert.Equal("failed", status.GetProperty("state").GetString());
        var error = status.GetProperty("error").GetString();
        Assert.Contains($"the TSIG key '{BindServer.KeyName}' was refused by 127.0.0.1:{bind.Port} (BADSIG)", error);
        Assert.Contains("dns.register.keySecret", error);
        Assert.True(status.GetProperty("nextAttemptAt").ValueKind == JsonValueKind.String);
        Assert.Equal("NXDOMAIN", (await Dig.QueryAsync(bind.Port, $"{app}.{BindServer.AppsZone}", "A")).Status);
    }

    [Fact]
    public async Task CreateApp_UnknownKeyName_BindRefusesWithBadKey()
    {
        await using var launcher = await StartAsync(keyName: "other-key");
        var app = $"{_prefix}-badkey";

        await launcher.CreateAppAsync(app);
        var status = await DnsStatusAsync(launcher, app, "failed");

        Assert.Contains("the TSIG key 'other-key' was refused", status.GetProperty("error").GetString());
        Assert.Contains("(BADKEY)", status.GetProperty("error").GetString());
    }

    [Fact]
    public async Task CreateApp_FailedRegistration_IsRetried()
    {
        await using var launcher = await StartAsync(secret: Convert.ToBase64String(new byte[32]));
        var app = $"{_prefix}-retry";

        await launcher.CreateAppAsync(app);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        JsonElement status;
        do
        {
            await Task.Delay(200);
            status = await launcher.Http.GetFromJsonAsync<JsonElement>($"api/apps/{app}/dns");
        }
        while (status.GetProperty("attempts").GetInt32() < 3 && DateTime.UtcNow < deadline);

        // Backoff 1 s then 2 s: the third attempt comes about 3 s after the first.
        Assert.True(status.GetProperty("attempts").GetInt32() >= 3, status.ToString());
    }

    [Fact]
    public async Task UpdateClient_ZoneTheServerDoesNotHave_SaysItIsNotThePrimary()
    {
        var client = new DnsUpdateClient(
            new DnsRegisterConfig { Server = "127.0.0.1", Port = bind.Port, Zone = "other.test", KeyName = BindServer.KeyName, KeySecret = bind.KeySecret, TimeoutSeconds = 2 },
            TimeProvider.System);

        var error = await Assert.ThrowsAsync<DnsUpdateException>(() => client.ReplaceAddressesAsync("x.other.test", [IPAddress.Loopback], default));

        Assert.Contains("not the primary server of zone other.test", error.Message);
    }

    [Fact]
    public async Task UpdateClient_NoServerListening_SaysNoAnswer()
    {
        var port = BindServer.FreeUdpAndTcpPort();
        var client = new DnsUpdateClient(
            new DnsRegisterConfig { Server = "127.0.0.1", Port = port, Zone = BindServer.AppsZone, KeyName = BindServer.KeyName, KeySecret = bind.KeySecret, TimeoutSeconds = 1 },
            TimeProvider.System);

        var error = await Assert.ThrowsAsync<DnsUpdateException>(() => client.DeleteAddressesAsync("x.apps.test", default));

        Assert.Contains($"the DNS server 127.0.0.1:{port} did not take the update for zone apps.test", error.Message);
    }
}
