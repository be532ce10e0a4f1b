using AppLauncher.Core.Traffic;
using AppLauncher.Domains;
using AppLauncher.Proxy;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;

namespace AppLauncher.Tests.Domains;

/// <summary>The embedded DNS server, asked by the real dig over UDP and TCP on loopback.</summary>
public sealed class DnsServerTests : IAsyncLifetime
{
    // Apps are named per run: deleting an app removes the Docker containers labelled with its name.
    private readonly string _app = "d" + Guid.NewGuid().ToString("N")[..6];
    private TestLauncher _launcher = null!;
    private int _dnsPort;

    public async Task InitializeAsync()
    {
        _dnsPort = BindServer.FreeUdpAndTcpPort();
        _launcher = await TestLauncher.StartAsync(c =>
        {
            c.Dns.Enabled = true;
            c.Dns.Port = _dnsPort;
        });
        await _launcher.CreateAppAsync(_app);
    }

    public async Task DisposeAsync() => await _launcher.DisposeAsync();

    [Fact]
    public async Task Query_AppDomainA_AnswersTheProxyAddressAuthoritatively()
    {
        var answer = await Dig.QueryAsync(_dnsPort, $"{_app}.localhost", "A");

        Assert.Equal("NOERROR", answer.Status);
        Assert.Contains("aa", answer.Flags);
        Assert.Contains("qr", answer.Flags);
        Assert.DoesNotContain("ra", answer.Flags);
        Assert.Matches($@"^{_app}\.localhost\.\s+60\s+IN\s+A\s+127\.0\.0\.1$", Assert.Single(answer.Section("ANSWER")));
    }

    [Fact]
    public async Task Query_AppDomainAaaaOverTcp_AnswersIpv6Loopback()
    {
        var answer = await Dig.QueryAsync(_dnsPort, $"{_app.ToUpperInvariant()}.localhost", "AAAA", "+tcp");

        Assert.Equal("NOERROR", answer.Status);
        Assert.Matches($@"^{_app.ToUpperInvariant()}\.localhost\.\s+60\s+IN\s+AAAA\s+::1$", Assert.Single(answer.Section("ANSWER")));
    }

    [Fact]
    public async Task Query_TagHostOfAnApp_AnswersAndAnUnknownTagIsNxDomain()
    {
        var routes = _launcher.Services.GetRequiredService<RouteTable>();
        routes.SetRevision(new RevisionRoute(_app, $"{_app}-00001", []));
        routes.SetTraffic(_app, TrafficPlan.Default.WithTag("candidate", $"{_app}-00001").Resolve($"{_app}-00001"));

        var tagged = await Dig.QueryAsync(_dnsPort, $"candidate-{_app}.localhost", "A");
        var unknown = await Dig.QueryAsync(_dnsPort, $"other-{_app}.localhost", "A");

        Assert.Equal("NOERROR", tagged.Status);
        Assert.Matches($@"^candidate-{_app}\.localhost\.\s+60\s+IN\s+A\s+127\.0\.0\.1$", Assert.Single(tagged.Section("ANSWER")));
        Assert.Equal("NXDOMAIN", unknown.Status);
    }

    [Fact]
    public async Task Query_TeamNameOfAnOptedInTeamsApp_Answers_AndAnotherTeamsNameIsNxDomain()
    {
        var team = "t" + _app;
        var app = _app + "-t";
        using (var made = await _launcher.Http.PostAsJsonAsync("api/teams", new { name = team, domains = "team" }))
        {
            Assert.True(made.StatusCode == HttpStatusCode.Created, await made.Content.ReadAsStringAsync());
        }

        using (var created = await _launcher.Http.PostAsJsonAsync("api/apps", new { name = app, team }))
        {
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        }

        var teamName = await Dig.QueryAsync(_dnsPort, $"{app}.{team}.localhost", "A");
        var plain = await Dig.QueryAsync(_dnsPort, $"{app}.localhost", "A");
        var notInTeam = await Dig.QueryAsync(_dnsPort, $"{_app}.{team}.localhost", "A");

        Assert.Equal("NOERROR", teamName.Status);
        Assert.Matches($@"^{app}\.{team}\.localhost\.\s+60\s+IN\s+A\s+127\.0\.0\.1$", Assert.Single(teamName.Section("ANSWER")));
        Assert.Equal("NOERROR", plain.Status);
        Assert.Equal("NXDOMAIN", notInTeam.Status);
        await _launcher.DeleteAppAsync(app);
    }

    [Fact]
    public async Task Query_UnknownApp_IsNxDomainWithTheSoa()
    {
        var answer = await Dig.QueryAsync(_dnsPort, "nope.localhost", "A");

        Assert.Equal("NXDOMAIN", answer.Status);
        Assert.Contains("aa", answer.Flags);
        Assert.Empty(answer.Section("ANSWER"));
        Assert.Matches(@"^localhost\.\s+60\s+IN\s+SOA\s+ns\.localhost\. hostmaster\.localhost\. \d+ 3600 600 86400 60$", Assert.Single(answer.Section("AUTHORITY")));
    }

    [Fact]
    public async Task Query_AppWithTypeItHasNot_IsNoDataWithTheSoa()
    {
        var answer = await Dig.QueryAsync(_dnsPort, $"{_app}.localhost", "MX");

        Assert.Equal("NOERROR", answer.Status);
        Assert.Empty(answer.Section("ANSWER"));
        Assert.Contains("SOA", Assert.Single(answer.Section("AUTHORITY")));
    }

    [Fact]
    public async Task Query_Apex_HasSoaAndNsWithGlue()
    {
        var soa = await Dig.QueryAsync(_dnsPort, "localhost", "SOA");
        var ns = await Dig.QueryAsync(_dnsPort, "localhost", "NS");

        Assert.Contains("aa", soa.Flags);
        Assert.Contains("SOA\tns.localhost. hostmaster.localhost.", Assert.Single(soa.Section("ANSWER")));
        Assert.EndsWith("NS\tns.localhost.", Assert.Single(ns.Section("ANSWER")));
        Assert.Contains(ns.Section("ADDITIONAL"), l => l.StartsWith("ns.localhost.", StringComparison.Ordinal) && l.EndsWith("A\t127.0.0.1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Query_OutsideTheZone_IsRefused()
    {
        var answer = await Dig.QueryAsync(_dnsPort, "example.com", "A");

        Assert.Equal("REFUSED", answer.Status);
        Assert.DoesNotContain("aa", answer.Flags);
    }

    [Fact]
    public async Task Query_ChallengeTxt_AnswersTheValuesKeptInTheServer()
    {
        _launcher.Services.GetRequiredService<DnsTxtRecords>().Add($"_acme-challenge.{_app}.localhost", "abc-123");

        var answer = await Dig.QueryAsync(_dnsPort, $"_acme-challenge.{_app}.localhost", "TXT");

        Assert.Equal("NOERROR", answer.Status);
        Assert.EndsWith("TXT\t\"abc-123\"", Assert.Single(answer.Section("ANSWER")));
    }

    [Fact]
    public async Task Query_LargeTxtSetOverUdp_IsTruncatedAndTcpGivesItAll()
    {
        var txt = _launcher.Services.GetRequiredService<DnsTxtRecords>();
        for (var i = 0; i < 20; i++)
        {
            txt.Add("big.localhost", $"value-{i:D2}-" + new string('x', 40));
        }

        var udp = await Dig.QueryAsync(_dnsPort, "big.localhost", "TXT", "+noedns", "+ignore");
        var edns = await Dig.QueryAsync(_dnsPort, "big.localhost", "TXT", "+bufsize=4096", "+ignore");
        var tcp = await Dig.QueryAsync(_dnsPort, "big.localhost", "TXT", "+tcp");

        Assert.Contains("tc", udp.Flags);
        Assert.Empty(udp.Section("ANSWER"));
        Assert.DoesNotContain("tc", edns.Flags);
        Assert.Equal(20, edns.Section("ANSWER").Length);
        Assert.DoesNotContain("tc", tcp.Flags);
        Assert.Equal(20, tcp.Section("ANSWER").Length);
    }

    [Fact]
    public async Task Query_DeletedApp_IsNxDomain()
    {
        var bye = _app + "-bye";
        await _launcher.CreateAppAsync(bye);
        Assert.Equal("NOERROR", (await Dig.QueryAsync(_dnsPort, $"{bye}.localhost", "A")).Status);

        await _launcher.DeleteAppAsync(bye);

        Assert.Equal("NXDOMAIN", (await Dig.QueryAsync(_dnsPort, $"{bye}.localhost", "A")).Status);
    }

    [Fact]
    public async Task Query_Garbage_GetsFormErrAndTheServerKeepsAnswering()
    {
        using var udp = new System.Net.Sockets.UdpClient();
        udp.Connect("127.0.0.1", _dnsPort);
        await udp.SendAsync(new byte[] { 0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xC0, 0x0C, 0x00, 0x01, 0x00, 0x01 });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var reply = await udp.ReceiveAsync(timeout.Token);

        Assert.Equal(0x12, reply.Buffer[0]);
        Assert.Equal(0x34, reply.Buffer[1]);
        Assert.Equal(1, reply.Buffer[3] & 0x0F); // FORMERR
        Assert.Equal("NOERROR", (await Dig.QueryAsync(_dnsPort, $"{_app}.localhost", "A")).Status);
    }
}
