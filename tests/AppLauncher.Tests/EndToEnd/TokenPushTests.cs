using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace AppLauncher.Tests.EndToEnd;

/// <summary>
/// End to end, real git and Docker: pushes with each kind of token. The owner (the admin token) and a developer of
/// the app's team deploy; a developer of another team is refused with the team named and nothing stored; the app's
/// deploy token deploys, another app's is refused; a revoked token gets 401 with the reason. Revisions and the audit
/// log name the authenticated pusher.
/// </summary>
[Collection(LauncherCollection.Name)]
public sealed class TokenPushTests(LauncherFixture launcher)
{
    private string PushUrl(string app, string token) => $"http://anyone:{token}@localhost:{launcher.Port}/{app}.git";

    private async Task<JsonElement> CallAsync(HttpMethod method, string path, string token, object? body = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var request = new HttpRequestMessage(method, launcher.ControlUrl + path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await launcher.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<string> TokenAsync(string owner, object request) =>
        (await CallAsync(HttpMethod.Post, "/api/tokens", owner, request, HttpStatusCode.Created)).GetProperty("token").GetString()!;

    [Fact]
    public async Task Push_WithEachKindOfToken_DeploysOrIsRefusedWithTheReason()
    {
        var owner = LauncherFixture.Token;
        var teamA = launcher.Prefix + "-a";
        var teamB = launcher.Prefix + "-b";
        var app = launcher.AppName("team");
        var other = launcher.AppName("other");
        var bobs = launcher.AppName("bobs");
        await CallAsync(HttpMethod.Post, "/api/teams", owner, new { name = teamA }, HttpStatusCode.Created);
        await CallAsync(HttpMethod.Post, "/api/teams", owner, new { name = teamB }, HttpStatusCode.Created);
        await CallAsync(HttpMethod.Put, $"/api/teams/{teamA}/members/dana-{launcher.Prefix}", owner, new { role = "developer" });
        await CallAsync(HttpMethod.Put, $"/api/teams/{teamB}/members/bob-{launcher.Prefix}", owner, new { role = "developer" });
        var dana = await TokenAsync(owner, new { name = "laptop", user = $"dana-{launcher.Prefix}" });
        var bob = await TokenAsync(owner, new { name = "laptop", user = $"bob-{launcher.Prefix}" });
        await CallAsync(HttpMethod.Post, "/api/apps", owner, new { name = app, team = teamA }, HttpStatusCode.Created);
        await CallAsync(HttpMethod.Post, "/api/apps", dana, new { name = other }, HttpStatusCode.Created);
        var deploy = await TokenAsync(dana, new { name = "ci", app });
        var otherDeploy = await TokenAsync(dana, new { name = "ci", app = other });
        using var repo = await AppRepository.FromSampleAsync("hello-node");

        // Another team's developer: 403 naming the team, and nothing stored.
        var refused = await repo.PushAsync(PushUrl(app, bob));
        Assert.NotEqual(0, refused.ExitCode);
        AssertOutput.Contains($"needs the developer role in team '{teamA}'", refused);
        AssertOutput.Contains("403", refused);
        Assert.Equal(0, (await CallAsync(HttpMethod.Get, $"/api/apps/{app}/revisions", owner)).GetArrayLength());
        AssertOutput.DoesNotContain("refs/heads", await repo.GitAsync("ls-remote", PushUrl(app, owner)));

        // Another app's deploy token: 403 too.
        var wrongDeploy = await repo.PushAsync(PushUrl(app, otherDeploy));
        Assert.NotEqual(0, wrongDeploy.ExitCode);
        AssertOutput.Contains($"deploy token of {other}", wrongDeploy);

        // The team's developer deploys; the revision records who authenticated, not the commit's e-mail.
        var first = await repo.PushAsync(PushUrl(app, dana));
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal("Hello from AppLauncher!\n", await launcher.Http.GetStringAsync(launcher.AppUrl(app)));

        // The app's deploy token deploys, and reads its logs; nothing else.
        await repo.ReplaceAndCommitAsync("server.js", "Hello from AppLauncher!", "Hello from CI!", "ci");
        var ci = await repo.PushAsync(PushUrl(app, deploy));
        Assert.True(ci.ExitCode == 0, ci.ToString());
        Assert.Equal("Hello from CI!\n", await launcher.Http.GetStringAsync(launcher.AppUrl(app)));
        using (var logs = new HttpRequestMessage(HttpMethod.Get, $"{launcher.ControlUrl}/api/apps/{app}/logs"))
        {
            logs.Headers.Authorization = new AuthenticationHeaderValue("Bearer", deploy);
            Assert.Equal(HttpStatusCode.OK, (await launcher.Http.SendAsync(logs)).StatusCode);
        }

        await CallAsync(HttpMethod.Get, $"/api/apps/{app}/config", deploy, expected: HttpStatusCode.Forbidden);

        // The owner deploys any app.
        await repo.ReplaceAndCommitAsync("server.js", "Hello from CI!", "Hello from the owner!", "owner");
        var byOwner = await repo.PushAsync(PushUrl(app, owner));
        Assert.True(byOwner.ExitCode == 0, byOwner.ToString());

        var releases = await CallAsync(HttpMethod.Get, $"/api/apps/{app}/releases", owner);
        Assert.Equal(["admin", $"deploy token ci ({app})", $"dana-{launcher.Prefix}"], releases.EnumerateArray().Select(r => r.GetProperty("actor").GetString() ?? "").ToArray());

        // A first push by someone with one team creates the app in that team.
        var created = await repo.PushAsync(PushUrl(bobs, bob));
        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Equal(teamB, (await CallAsync(HttpMethod.Get, $"/api/apps/{bobs}", owner)).GetProperty("team").GetString());

        // A config change with a secret: audited by name, never by value.
        await CallAsync(HttpMethod.Patch, $"/api/apps/{app}/config", dana, new { set = new[] { new { key = "API_KEY", value = "s3cret-value-9z", secret = true } } });

        // Revoked: 401 with the reason, which git prints.
        var danaTokens = await CallAsync(HttpMethod.Get, "/api/tokens", dana);
        var id = danaTokens.EnumerateArray().Single(t => t.GetProperty("name").GetString() == "laptop").GetProperty("id").GetInt64();
        await CallAsync(HttpMethod.Delete, $"/api/tokens/{id}", dana, expected: HttpStatusCode.NoContent);
        await repo.ReplaceAndCommitAsync("server.js", "Hello from the owner!", "revoked", "revoked");
        var revoked = await repo.PushAsync(PushUrl(app, dana));
        Assert.NotEqual(0, revoked.ExitCode);
        AssertOutput.Contains("was revoked at", revoked);
        Assert.Equal("Hello from the owner!\n", await launcher.Http.GetStringAsync(launcher.AppUrl(app)));

        var audit = await CallAsync(HttpMethod.Get, $"/api/audit?app={app}", owner);
        var entries = audit.EnumerateArray().Select(e => $"{e.GetProperty("actor").GetString()} | {e.GetProperty("action").GetString()} | {e.GetProperty("outcome").GetString()}").ToList();
        Assert.Contains($"dana-{launcher.Prefix} | push | ok", entries);
        Assert.Contains($"deploy token ci ({app}) | push | ok", entries);
        Assert.Contains("admin | push | ok", entries);
        Assert.Contains($"dana-{launcher.Prefix} | PATCH /api/apps/{{name}}/config | ok (200)", entries);
        Assert.Contains("admin | POST /api/apps/ | ok (201)", (await CallAsync(HttpMethod.Get, "/api/audit", owner)).EnumerateArray()
            .Select(e => $"{e.GetProperty("actor").GetString()} | {e.GetProperty("action").GetString()} | {e.GetProperty("outcome").GetString()}"));
        Assert.DoesNotContain("s3cret-value-9z", audit.GetRawText());
    }
}
