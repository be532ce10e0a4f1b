using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AppLauncher.Tests.Domains;

/// <summary>
/// A team host (<c>{app}.{team}.{domain}</c>) is a DNS name too: an app whose team host would pass 253 characters is
/// refused when its team opts in, or when it is created in a team that did, and the message names the host and the
/// limit. A real server on a long base domain, where the plain names still fit.
/// </summary>
public sealed class TeamDomainLimitsTests : IAsyncLifetime
{
    // 187 characters: {50 letters}.{domain} fits (238), {50 letters}.{20 letters}.{domain} does not (259).
    private static readonly string Domain = string.Join('.', Enumerable.Range(0, 3).Select(i => new string((char)('a' + i), 60))) + ".test";
    private static readonly string LongApp = new('l', 50);
    private TestLauncher _launcher = null!;

    public async Task InitializeAsync() => _launcher = await TestLauncher.StartAsync(c => c.Domain = Domain);

    public async Task DisposeAsync() => await _launcher.DisposeAsync();

    private async Task<JsonElement> TeamAsync(string team) =>
        (await _launcher.Http.GetFromJsonAsync<JsonElement>("api/teams")).EnumerateArray().Single(t => t.GetProperty("name").GetString() == team);

    [Fact]
    public async Task OptIn_AnAppWhoseTeamHostIsTooLong_Is409NamingTheHostAndNothingChanges()
    {
        var team = new string('t', 20);
        await _launcher.CreateTeamAsync(team);
        await _launcher.CreateAppAsync(LongApp, team);
        await _launcher.CreateAppAsync("ok", team);

        var (status, body) = await _launcher.SetTeamDomainsAsync(team, "team");

        Assert.Equal(HttpStatusCode.Conflict, status);
        var detail = JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString()!;
        Assert.Contains($"'{LongApp}.{team}.{Domain}'", detail);
        Assert.Contains("is 259 characters; a DNS name holds at most 253", detail);
        Assert.Contains($"keep this team at {{app}}.{{domain}}", detail);
        Assert.Equal("app", (await TeamAsync(team)).GetProperty("domains").GetString());
        Assert.StartsWith($"http://ok.{Domain}:", (await _launcher.Http.GetFromJsonAsync<JsonElement>("api/apps/ok")).GetProperty("url").GetString());
    }

    [Fact]
    public async Task CreateApp_InAnOptedInTeam_TeamHostTooLong_Is400AndNothingIsStored()
    {
        var team = new string('u', 20);
        await _launcher.CreateTeamAsync(team, "team");

        using var refused = await _launcher.Http.PostAsJsonAsync("api/apps", new { name = LongApp, team });
        var detail = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        using var missing = await _launcher.Http.GetAsync($"api/apps/{LongApp}");
        await _launcher.CreateAppAsync("fits", team);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains($"'{LongApp}.{team}.{Domain}'", detail);
        Assert.Contains("at most 253", detail);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.StartsWith($"http://fits.{team}.{Domain}", (await _launcher.Http.GetFromJsonAsync<JsonElement>("api/apps/fits")).GetProperty("url").GetString());
    }
}
