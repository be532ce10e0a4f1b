using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace AppLauncher.Tests.EndToEnd;

/// <summary>
/// End to end, real git and Docker: a team that opts in to domains.teamTemplate gets its apps at
/// <c>{app}.{team}.{domain}</c> — the proxy routes it, the push output, <c>POST /api/apps</c> and
/// <c>GET /api/apps/{name}</c> show it — while <c>{app}.{domain}</c> keeps routing (a move without downtime), the same
/// app under another opted-in team's name is a 404, and opting out gives the plain name back.
/// </summary>
[Collection(LauncherCollection.Name)]
public sealed class TeamDomainsTests(LauncherFixture launcher)
{
    private async Task<(HttpStatusCode Status, JsonElement Body)> CallAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, launcher.ControlUrl + path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", LauncherFixture.Token);
        using var response = await launcher.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task<JsonElement> ExpectAsync(HttpStatusCode expected, HttpMethod method, string path, object? body = null)
    {
        var (status, json) = await CallAsync(method, path, body);
        Assert.True(status == expected, $"{method} {path}: {(int)status} {json}");
        return json;
    }

    [Fact]
    public async Task TeamWithTeamDomains_AppAnswersOnAppDotTeam_AndOnlyThere()
    {
        var team = launcher.Prefix + "-td";
        var other = launcher.Prefix + "-to";
        var app = launcher.AppName("tdom");
        var teamUrl = $"http://{app}.{team}.localhost:{launcher.Port}";
        Assert.Equal("team", (await ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/api/teams", new { name = team, domains = "team" })).GetProperty("domains").GetString());
        await ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/api/teams", new { name = other, domains = "team" });

        // Bad values name the field and what it takes; a team that does not exist is a 404.
        var bad = await ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Post, "/api/teams", new { name = launcher.Prefix + "-tx", domains = "teams" });
        Assert.Contains("use 'team'", bad.GetProperty("detail").GetString());
        await ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Put, $"/api/teams/{team}/domains", new { domains = "yes" });
        await ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Put, $"/api/teams/{launcher.Prefix}-none/domains", new { domains = "team" });

        var created = await ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/api/apps", new { name = app, team });
        Assert.Equal(teamUrl, created.GetProperty("url").GetString());

        using var repo = await AppRepository.FromSampleAsync("hello-node");
        var push = await repo.PushAsync(launcher.PushUrl(app));
        Assert.True(push.ExitCode == 0, push.ToString());
        AssertOutput.Contains($"{teamUrl} deployed", push);

        Assert.Equal("Hello from AppLauncher!\n", await launcher.Http.GetStringAsync(teamUrl + "/"));
        Assert.Equal("Hello from AppLauncher!\n", await launcher.Http.GetStringAsync(launcher.AppUrl(app)));
        Assert.Equal(teamUrl, (await ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/api/apps/{app}")).GetProperty("url").GetString());
        var listed = await ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/apps");
        Assert.Equal(teamUrl, listed.EnumerateArray().Single(a => a.GetProperty("name").GetString() == app).GetProperty("url").GetString());
        var teams = await ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/teams");
        Assert.Equal("team", teams.EnumerateArray().Single(t => t.GetProperty("name").GetString() == team).GetProperty("domains").GetString());

        // The app under another opted-in team's name, or a name in the team that no app has: 404.
        using (var wrongTeam = await launcher.Http.GetAsync($"http://{app}.{other}.localhost:{launcher.Port}/"))
        {
            Assert.Equal(HttpStatusCode.NotFound, wrongTeam.StatusCode);
        }

        using (var noApp = await launcher.Http.GetAsync($"http://{launcher.Prefix}-nothing.{team}.localhost:{launcher.Port}/"))
        {
            Assert.Equal(HttpStatusCode.NotFound, noApp.StatusCode);
        }

        // Opting out: the plain name again, and the team name stops routing.
        Assert.Equal("app", (await ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, $"/api/teams/{team}/domains", new { domains = "app" })).GetProperty("domains").GetString());
        Assert.Equal(launcher.AppUrl(app).TrimEnd('/'), (await ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/api/apps/{app}")).GetProperty("url").GetString());
        using (var optedOut = await launcher.Http.GetAsync(teamUrl + "/"))
        {
            Assert.Equal(HttpStatusCode.NotFound, optedOut.StatusCode);
        }

        Assert.Equal("Hello from AppLauncher!\n", await launcher.Http.GetStringAsync(launcher.AppUrl(app)));
    }
}
