using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AppLauncher.Core.Config;
using AppLauncher.Core.Identity;
using AppLauncher.Hosting;
using AppLauncher.Security;
using AppLauncher.Settings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace AppLauncher.Tests.Identity;

/// <summary>
/// Every mapped <c>/api</c> endpoint × every kind of caller, against a real server and store: 401 without a valid
/// token, 403 without the role the endpoint's metadata declares, and neither with it. The endpoints are read from the
/// route table, so a new endpoint is in the table the day it is mapped (and refused until it declares a rule).
/// </summary>
public sealed partial class AccessTableTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string OwnerToken = "owner-token-4e1b";
    private const string App = "app-a";
    private readonly TempDirectory _data = new();
    private readonly int _port = LoopbackPorts.Free();
    private WebApplication? _app;
    private TestIdentities? _who;

    public async Task InitializeAsync()
    {
        var config = new PlatformConfig { Server = new ServerConfig { Listen = $"http://localhost:{_port}" }, Tls = new TlsConfig { Enabled = false }, DataDirectory = _data.Path };
        var settings = new LauncherSettings(config, "launcher.yaml", _data.Path, Path.Combine(RepositoryRoot.Path, "buildpacks"), new AdminToken(OwnerToken), TokenGenerated: false);
        _app = await LauncherApp.CreateAsync(settings);
        await _app.StartAsync();
        _who = new TestIdentities(_app.Services, OwnerToken, App);
        await _who.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _data.Dispose();
    }

    /// <summary>Endpoints behind the API gate: everything under <c>/api</c>, and the metrics scrape path.</summary>
    private static bool Gated(RouteEndpoint e) =>
        e.RoutePattern.RawText!.StartsWith("/api", StringComparison.Ordinal) || e.RoutePattern.RawText == "/metrics";

    private List<RouteEndpoint> Endpoints() =>
        [.. _app!.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()];

    /// <summary>The rank each caller has in team a (the app's team), as the issue defines the roles: an independent statement of the rules.</summary>
    private static int RankInTeamA(string who) => who switch
    {
        TestIdentities.Viewer => 1,
        TestIdentities.DeveloperA => 2,
        TestIdentities.Admin or TestIdentities.Owner => 3,
        _ => 0,
    };

    private static int Rank(Role role) => role switch { Role.Viewer => 1, Role.Developer => 2, _ => 3 };

    /// <summary>What the caller should get: 401, 403, or "passes" (anything else).</summary>
    private static string Expected(string who, AccessRule rule)
    {
        if (rule.Target == AccessTarget.Anyone)
        {
            return "passes";
        }

        if (who is TestIdentities.None or TestIdentities.Expired or TestIdentities.Revoked)
        {
            return "401";
        }

        if (who == TestIdentities.Deploy)
        {
            return rule.DeployTokens ? "passes" : "403";
        }

        var allowed = rule.Target switch
        {
            AccessTarget.Platform => who == TestIdentities.Owner,
            AccessTarget.Self => true,
            AccessTarget.AnyTeam => who == TestIdentities.Owner || (who == TestIdentities.DeveloperB ? 2 : RankInTeamA(who)) >= Rank(rule.Role),
            _ => RankInTeamA(who) >= Rank(rule.Role),
        };
        return allowed ? "passes" : "403";
    }

    [Fact]
    public void EveryApiEndpoint_DeclaresAnAccessRule_AndNothingElseIsMappedOutsideTheApi()
    {
        var endpoints = Endpoints();
        var api = endpoints.Where(Gated).ToList();
        Assert.True(api.Count >= 25, $"only {api.Count} /api endpoints");
        Assert.All(api, e => Assert.True(e.Metadata.GetMetadata<AccessRule>() is not null, $"{e.RoutePattern.RawText} declares no access rule"));

        // Outside /api each endpoint checks its own credentials: git (tokens, in GitApi), the hook (one-time grants), webhooks (the app's webhook secret), health.
        var others = endpoints.Except(api).Select(e => e.RoutePattern.RawText).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["/healthz", "/hooks/{provider}", "/internal/git/pre-receive", "/{app}.git/info/refs", "/{app}.git/{service}", "{*path:nonfile}"], others);
    }

    [Fact]
    public async Task EveryEndpoint_ByEveryCaller_401Or403OrPasses_AsItsRuleSays()
    {
        var rows = new List<string>();
        var wrong = new List<string>();
        foreach (var endpoint in Endpoints().Where(Gated))
        {
            var rule = endpoint.Metadata.GetMetadata<AccessRule>()!;
            var path = Fill(endpoint.RoutePattern.RawText!) + "?dryRun=true";
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                var line = new StringBuilder($"{method,-6} {endpoint.RoutePattern.RawText,-45} {rule,-40}");
                foreach (var who in TestIdentities.All)
                {
                    var status = await FirstStatusAsync(method, path, _who![who]);
                    await _who.RestoreAppAsync();
                    var expected = Expected(who, rule);
                    var got = status is 401 or 403 ? status.ToString(System.Globalization.CultureInfo.InvariantCulture) : "passes";
                    line.Append($" {who}={status}");
                    if (got != expected)
                    {
                        wrong.Add($"{method} {path} as {who}: expected {expected}, got {status}");
                    }
                }

                rows.Add(line.ToString());
            }
        }

        output.WriteLine(string.Join("\n", rows));
        Assert.True(rows.Count >= 28, $"only {rows.Count} rows");
        Assert.Empty(wrong);
    }

    [Fact]
    public async Task Refusals_SayWhy_TheRoleAndTheTeam()
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://localhost:{_port}") };
        async Task<(HttpStatusCode Status, JsonElement Body)> CallAsync(HttpMethod method, string path, string who, object? body = null)
        {
            using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : System.Net.Http.Json.JsonContent.Create(body) };
            if (_who![who] is { } token)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
        }

        var patch = new { set = new[] { new { key = "A", value = "1" } } };
        var other = await CallAsync(HttpMethod.Patch, $"/api/apps/{App}/config", TestIdentities.DeveloperB, patch);
        Assert.Equal(HttpStatusCode.Forbidden, other.Status);
        Assert.Equal("developer", other.Body.GetProperty("neededRole").GetString());
        Assert.Equal("a", other.Body.GetProperty("team").GetString());
        Assert.Contains("team 'a'", other.Body.GetProperty("detail").GetString());

        var viewer = await CallAsync(HttpMethod.Patch, $"/api/apps/{App}/config", TestIdentities.Viewer, patch);
        Assert.Equal(HttpStatusCode.Forbidden, viewer.Status);
        Assert.Contains("has viewer there", viewer.Body.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, (await CallAsync(HttpMethod.Get, $"/api/apps/{App}/config", TestIdentities.Viewer)).Status);

        var revoked = await CallAsync(HttpMethod.Get, "/api/whoami", TestIdentities.Revoked);
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.Status);
        Assert.Contains("was revoked at", revoked.Body.GetProperty("detail").GetString());
        var expired = await CallAsync(HttpMethod.Get, "/api/whoami", TestIdentities.Expired);
        Assert.Contains("expired at", expired.Body.GetProperty("detail").GetString());

        var deploy = await CallAsync(HttpMethod.Get, $"/api/apps/{App}/config", TestIdentities.Deploy);
        Assert.Equal(HttpStatusCode.Forbidden, deploy.Status);
        Assert.Contains("deploy token of app-a", deploy.Body.GetProperty("detail").GetString());

        // The developer's change is recorded under the authenticated name, whatever the client claims to be.
        using (var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/apps/{App}/config") { Content = System.Net.Http.Json.JsonContent.Create(patch) })
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _who![TestIdentities.DeveloperA]);
            request.Headers.TryAddWithoutValidation("X-Launcher-Actor", "somebody-else@example.com");
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var config = await CallAsync(HttpMethod.Get, $"/api/apps/{App}/config", TestIdentities.Owner);
        Assert.Equal("dana", config.Body.GetProperty("vars")[0].GetProperty("updatedBy").GetString());
        var apps = await CallAsync(HttpMethod.Get, "/api/apps", TestIdentities.DeveloperB);
        Assert.Equal(0, apps.Body.GetArrayLength());
    }

    /// <summary>Route values: the app of team a, team a, and names that do not exist for the rest.</summary>
    private static string Fill(string pattern) => RouteParameter().Replace(pattern, m => m.Groups[1].Value switch
    {
        "name" => App,
        "team" => "a",
        _ => "nothing-here",
    });

    [GeneratedRegex(@"\{([^}:]*)[^}]*\}")]
    private static partial Regex RouteParameter();

    /// <summary>
    /// The first status line of a request with a body and <c>Expect: 100-continue</c>: an endpoint that reads its
    /// body answers <c>100</c> first; a refusal comes before, with the body unread.
    /// </summary>
    private async Task<int> FirstStatusAsync(string method, string path, string? token)
    {
        var line = await ExpectContinueProbe.FirstStatusLineAsync(_port, method, path, token is null ? null : $"Bearer {token}", TimeSpan.FromSeconds(60));
        return int.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
