using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AppLauncher.Proxy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

using AppLauncher.Tests.Proxy;

namespace AppLauncher.Tests.Domains;

/// <summary>
/// Custom domains end to end without Docker: the domain's DNS is a zone in a real BIND 9 changed with nsupdate,
/// AppLauncher verifies against it (dns.resolver), then its proxy routes the domain to a real HTTP backend.
/// </summary>
[Collection(BindCollection.Name)]
public sealed class CustomDomainTests(BindServer bind) : IAsyncLifetime
{
    private readonly string _prefix = "c" + Guid.NewGuid().ToString("N")[..6];
    private TestLauncher _launcher = null!;
    private WebApplication _backend = null!;

    public async Task InitializeAsync()
    {
        _launcher = await TestLauncher.StartAsync(c =>
        {
            c.Dns.Resolver = bind.Endpoint;
            c.Domains.VerifyIntervalSeconds = 0;
        });
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _backend = builder.Build();
        _backend.Run(context => context.Response.WriteAsync($"backend host={context.Request.Host}"));
        await _backend.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _launcher.DisposeAsync();
        await _backend.DisposeAsync();
    }

    private string Domain(string label) => $"{_prefix}-{label}.{BindServer.CustomZone}";

    private async Task<JsonElement> AddAsync(string app, string domain, HttpStatusCode expected = HttpStatusCode.Created)
    {
        using var response = await _launcher.Http.PostAsJsonAsync($"api/apps/{app}/domains", new { domain });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == expected, body.ToString());
        return body;
    }

    private async Task<JsonElement> VerifyAsync(string app, string domain)
    {
        using var response = await _launcher.Http.PostAsync($"api/apps/{app}/domains/{domain}/verify", null);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        return body;
    }

    /// <summary>A request to the proxy with <paramref name="host"/> as the Host header (no DNS needed for the client).</summary>
    private async Task<(HttpStatusCode Status, string Body)> RequestAsync(string host)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{_launcher.Port}/");
        request.Headers.Host = $"{host}:{_launcher.Port}";
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<string> DeployedAppAsync(string name)
    {
        var app = $"{_prefix}-{name}";
        await _launcher.CreateAppAsync(app);
        _launcher.Services.GetRequiredService<RouteTable>().RouteAll(app, $"{app}-00001", new InstanceEndpoint("i1", new Uri(_backend.Urls.First() + "/")));
        return app;
    }

    [Fact]
    public async Task Add_ThenTxtTokenInDns_VerifiesAndTheProxyRoutesTheDomain()
    {
        var app = await DeployedAppAsync("shop");
        var domain = Domain("www");

        var added = await AddAsync(app, domain);
        var token = added.GetProperty("token").GetString()!;
        Assert.Equal("pending", added.GetProperty("status").GetString());
        Assert.Equal($"_launcher-challenge.{domain}", added.GetProperty("txtName").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await RequestAsync(domain)).Status);

        var early = await VerifyAsync(app, domain);
        Assert.Equal("pending", early.GetProperty("status").GetString());
        Assert.Contains($"add a TXT record _launcher-challenge.{domain} with the value \"{token}\"", early.GetProperty("check").GetString());

        await bind.UpdateAsync(BindServer.CustomZone, $"update add _launcher-challenge.{domain} 60 TXT \"{token}\"");
        var verified = await VerifyAsync(app, domain);

        Assert.Equal("verified", verified.GetProperty("status").GetString());
        var (status, body) = await RequestAsync(domain);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal($"backend host={domain}:{_launcher.Port}", body);
    }

    [Fact]
    public async Task Verify_CnameToTheAppsName_Verifies()
    {
        var app = await DeployedAppAsync("blog");
        var domain = Domain("blog");
        await AddAsync(app, domain);

        await bind.UpdateAsync(BindServer.CustomZone, $"update add {domain} 60 CNAME {app}.localhost.");
        var verified = await VerifyAsync(app, domain);

        Assert.Equal("verified", verified.GetProperty("status").GetString());
        Assert.Contains($"is a CNAME to {app}.localhost", verified.GetProperty("check").GetString());
        Assert.Equal(HttpStatusCode.OK, (await RequestAsync(domain)).Status);
    }

    [Fact]
    public async Task Verify_AppOfATeamWithTeamDomains_TheCnameTargetIsTheTeamHost()
    {
        var team = $"{_prefix}-shop";
        await _launcher.CreateTeamAsync(team, "team");
        var app = $"{_prefix}-cart";
        await _launcher.CreateAppAsync(app, team);
        var domain = Domain("cart");

        var added = await AddAsync(app, domain);
        await bind.UpdateAsync(BindServer.CustomZone, $"update add {domain} 60 CNAME {app}.{team}.localhost.");
        var verified = await VerifyAsync(app, domain);

        Assert.Equal($"{app}.{team}.localhost", added.GetProperty("cnameTarget").GetString());
        Assert.Equal("verified", verified.GetProperty("status").GetString());
        Assert.Contains($"is a CNAME to {app}.{team}.localhost", verified.GetProperty("check").GetString());
    }

    [Fact]
    public async Task Verify_WrongTokenOrCname_StaysPendingAndSaysWhatItFound()
    {
        var app = await DeployedAppAsync("wrong");
        var domain = Domain("wrong");
        await AddAsync(app, domain);
        await bind.UpdateAsync(BindServer.CustomZone, $"update add _launcher-challenge.{domain} 60 TXT \"not-the-token\"", $"update add {domain} 60 CNAME elsewhere.example.net.");

        var result = await VerifyAsync(app, domain);

        Assert.Equal("pending", result.GetProperty("status").GetString());
        Assert.Contains("found: TXT \"not-the-token\"; CNAME elsewhere.example.net", result.GetProperty("check").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await RequestAsync(domain)).Status);
    }

    [Fact]
    public async Task Add_DomainOfAnotherApp_Is409NamingTheOwner()
    {
        var first = await DeployedAppAsync("first");
        var second = await DeployedAppAsync("second");
        var domain = Domain("taken");
        await AddAsync(first, domain);

        var refused = await AddAsync(second, domain, HttpStatusCode.Conflict);

        Assert.Contains($"{domain} already belongs to the app '{first}'", refused.GetProperty("detail").GetString());
        Assert.Contains($"launcher domains remove {first} {domain}", refused.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("*.launcher-custom.net", "wildcard")]
    [InlineData("bad_name.launcher-custom.net", "not a DNS-1123 label")]
    [InlineData("x.localhost", "inside the platform's own domain")]
    [InlineData("127.0.0.1", "is an IP address")]
    [InlineData("2130706433", "is an IP address")]
    [InlineData("0x7f.1", "is an IP address")]
    [InlineData("[::1]", "is an IP address")]
    [InlineData("localhost", "control plane's own host")]
    [InlineData("LocalHost.", "control plane's own host")]
    [InlineData("shop.test", "reserved for testing")]
    [InlineData("www.example.com", "reserved for documentation")]
    [InlineData("nas.local", "multicast DNS")]
    public async Task Add_BadDomain_Is400WithTheRuleAndNothingIsStored(string domain, string rule)
    {
        var app = await DeployedAppAsync("bad");

        var refused = await AddAsync(app, domain, HttpStatusCode.BadRequest);

        Assert.Contains(rule, refused.GetProperty("detail").GetString());
        var list = await _launcher.Http.GetFromJsonAsync<JsonElement>($"api/apps/{app}/domains");
        Assert.Equal(0, list.GetArrayLength());
    }

    [Fact]
    public async Task Remove_VerifiedDomain_StopsRoutingAndFreesIt()
    {
        var app = await DeployedAppAsync("rm");
        var other = await DeployedAppAsync("rm2");
        var domain = Domain("rm");
        await AddAsync(app, domain);
        await bind.UpdateAsync(BindServer.CustomZone, $"update add {domain} 60 CNAME {app}.localhost.");
        await VerifyAsync(app, domain);
        Assert.Equal(HttpStatusCode.OK, (await RequestAsync(domain)).Status);

        using var removed = await _launcher.Http.DeleteAsync($"api/apps/{app}/domains/{domain}");

        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await RequestAsync(domain)).Status);
        await AddAsync(other, domain);
    }

    [Fact]
    public async Task List_ShowsEveryDomainOfTheApp()
    {
        var app = await DeployedAppAsync("list");
        await AddAsync(app, Domain("a"));
        await AddAsync(app, Domain("b"));

        var list = await _launcher.Http.GetFromJsonAsync<JsonElement>($"api/apps/{app}/domains");

        Assert.Equal<string>([Domain("a"), Domain("b")], list.EnumerateArray().Select(d => d.GetProperty("domain").GetString()!).ToArray());
    }

    [Fact]
    public async Task DeleteApp_WithVerifiedDomain_StopsRoutingIt()
    {
        var app = await DeployedAppAsync("gone");
        var domain = Domain("gone");
        await AddAsync(app, domain);
        await bind.UpdateAsync(BindServer.CustomZone, $"update add {domain} 60 CNAME {app}.localhost.");
        await VerifyAsync(app, domain);

        await _launcher.DeleteAppAsync(app);

        Assert.Equal(HttpStatusCode.NotFound, (await RequestAsync(domain)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _launcher.Http.GetAsync($"api/apps/{app}/domains")).StatusCode);
    }

    [Fact]
    public async Task PeriodicCheck_PendingDomainWhoseTokenAppears_IsVerifiedWithoutAsking()
    {
        await using var launcher = await TestLauncher.StartAsync(c =>
        {
            c.Dns.Resolver = bind.Endpoint;
            c.Domains.VerifyIntervalSeconds = 1;
        });
        var app = $"{_prefix}-auto";
        await launcher.CreateAppAsync(app);
        var domain = Domain("auto");
        using var added = await launcher.Http.PostAsJsonAsync($"api/apps/{app}/domains", new { domain });
        var token = (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();

        await bind.UpdateAsync(BindServer.CustomZone, $"update add _launcher-challenge.{domain} 60 TXT \"{token}\"");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        string? status;
        do
        {
            await Task.Delay(200);
            var list = await launcher.Http.GetFromJsonAsync<JsonElement>($"api/apps/{app}/domains");
            status = list[0].GetProperty("status").GetString();
        }
        while (status != "verified" && DateTime.UtcNow < deadline);

        Assert.Equal("verified", status);
    }
}
