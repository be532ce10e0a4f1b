using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AppLauncher.Core.Config;
using AppLauncher.Hosting;
using AppLauncher.Identity;
using AppLauncher.Security;
using AppLauncher.Settings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace AppLauncher.Tests.Identity;

/// <summary>
/// Every <c>/api</c> endpoint that changes something, read from the route table (so a new one — scale, runs, cron —
/// is in the table the day it is mapped), called on a real server and store: each call leaves one audit entry with
/// who (the authenticated name), what (method, route and route values) and the outcome (the status), and no secret
/// value sent in a body or returned in a response appears in the log. Every kind of change the issue lists is among them.
/// </summary>
public sealed partial class AuditTableTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string OwnerToken = "owner-token-audit-5d1c";
    private const string App = "app-a";
    private const string Secret = "s3cret-audit-value-71q";
    private readonly TempDirectory _data = new();
    private readonly int _port = LoopbackPorts.Free();
    private WebApplication? _app;
    private TestIdentities? _who;

    public async Task InitializeAsync()
    {
        var config = new PlatformConfig { Server = new ServerConfig { Listen = $"http://localhost:{_port}" }, DataDirectory = _data.Path };
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

    /// <summary>The kinds of change the issue names, each with the audited action that records it (push: EndToEnd/TokenPushTests).</summary>
    public static readonly (string Kind, string Action)[] Kinds =
    [
        ("config", "PATCH /api/apps/{name}/config"),
        ("rollback", "POST /api/apps/{name}/rollback"),
        ("traffic", "PUT /api/apps/{name}/traffic/"),
        ("autoscaling", "PUT /api/apps/{name}/autoscaling"),
        ("domains", "POST /api/apps/{name}/domains"),
        ("domains", "DELETE /api/apps/{name}/domains/{domain}"),
        ("tokens", "POST /api/tokens/"),
        ("tokens", "DELETE /api/tokens/{id}"),
        ("membership", "PUT /api/teams/{team}/members/{user}"),
        ("membership", "DELETE /api/teams/{team}/members/{user}"),
        ("teams", "POST /api/teams/"),
        ("delete", "DELETE /api/apps/{name}"),
        ("scale", "PATCH /api/apps/{name}/formation"),
        ("runs", "POST /api/apps/{name}/runs/"),
        ("cron", "POST /api/apps/{name}/cron/{job}/run"),
    ];

    [Fact]
    public async Task EveryChangingEndpoint_LeavesOneEntry_WithWhoWhatAndOutcome_AndNoSecretValue()
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://localhost:{_port}"), Timeout = TimeSpan.FromSeconds(60) };
        var body = JsonSerializer.Serialize(new
        {
            name = "audit-token",
            role = "viewer",
            domain = "shop.example.org",
            password = Secret,
            set = new[] { new { key = "DB_PASSWORD", value = Secret, secret = true } },
        });
        var called = new List<(string Action, string Path, int Status)>();
        var returned = new List<string>();
        var changing = _app!.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Where(m => m is not ("GET" or "HEAD")).Select(m => (Method: m, Endpoint: e)))
            .ToList();
        foreach (var (method, endpoint) in changing)
        {
            var pattern = endpoint.RoutePattern.RawText!;
            var path = Fill(pattern) + "?dryRun=true";
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", OwnerToken);
            request.Headers.TryAddWithoutValidation("X-Launcher-Actor", "somebody-else");
            using var response = await http.SendAsync(request);
            returned.Add(await response.Content.ReadAsStringAsync());
            called.Add(($"{method} {pattern}", path, (int)response.StatusCode));
            await _who!.RestoreAppAsync();
        }

        // And changes that go through: a secret config value, a token (its value is in the answer, not in the log).
        async Task<string> ChangeAsync(HttpMethod method, string path, object content)
        {
            using var request = new HttpRequestMessage(method, path) { Content = System.Net.Http.Json.JsonContent.Create(content) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", OwnerToken);
            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
            return text;
        }

        await ChangeAsync(HttpMethod.Patch, $"/api/apps/{App}/config", new { set = new[] { new { key = "DB_PASSWORD", value = Secret, secret = true } } });
        returned.Add(await ChangeAsync(HttpMethod.Post, "/api/tokens", new { name = "audit-laptop" }));
        Assert.Contains(returned, r => TokenValue().IsMatch(r));

        using var auditRequest = new HttpRequestMessage(HttpMethod.Get, "/api/audit?limit=1000");
        auditRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", OwnerToken);
        using var auditResponse = await http.SendAsync(auditRequest);
        var auditText = await auditResponse.Content.ReadAsStringAsync();
        var entries = JsonDocument.Parse(auditText).RootElement.EnumerateArray()
            .Select(e => (Actor: e.GetProperty("actor").GetString()!, Action: e.GetProperty("action").GetString()!, App: e.TryGetProperty("app", out var a) ? a.GetString() : null,
                Target: e.TryGetProperty("target", out var t) ? t.GetString() : null, Outcome: e.GetProperty("outcome").GetString()!))
            .Where(e => e.Actor != DeclaredTeams.Actor)
            .ToList();

        var rows = new List<string>();
        var wrong = new List<string>();
        foreach (var ((action, path, status), answer) in called.Zip(returned))
        {
            var outcome = status < 400 ? $"ok ({status})" : $"failed ({status})";
            var matching = entries.Where(e => e.Action == action && e.Outcome == outcome).ToList();
            rows.Add($"{action,-50} {status} → {string.Join(" / ", matching.Select(m => $"{m.Actor} | {m.App} | {m.Target} | {m.Outcome}"))}   [{answer[..Math.Min(answer.Length, 120)]}]");
            if (action == "POST /api/login/ldap")
            {
                // Not a change to the platform: directory logins are audited by LdapLogin, as the user who tried (LdapLoginTests).
                continue;
            }

            if (matching.Count != 1)
            {
                wrong.Add($"{action}: {matching.Count} entries '{outcome}', expected 1");
                continue;
            }

            var entry = matching[0];
            var expectedApp = path.Contains($"/apps/{App}", StringComparison.Ordinal) ? App : null;
            if (entry.Actor != "admin" || entry.App != expectedApp)
            {
                wrong.Add($"{action}: recorded {entry.Actor} | {entry.App}, expected admin | {expectedApp}");
            }
        }

        output.WriteLine(string.Join("\n", rows));
        Assert.Empty(wrong);
        Assert.All(Kinds, k => Assert.Contains(called, c => c.Action == k.Action));

        // Secrets in bodies and tokens in responses are never written down; the route's own values are (the target).
        Assert.DoesNotContain(Secret, auditText, StringComparison.Ordinal);
        foreach (var token in returned.SelectMany(r => TokenValue().Matches(r).Select(m => m.Value)))
        {
            Assert.DoesNotContain(token, auditText, StringComparison.Ordinal);
        }

        Assert.Contains(entries, e => e.Action == "PUT /api/teams/{team}/members/{user}" && e.Target == "team=a user=nothing-here");
        Assert.Contains(entries, e => e.Action == "PATCH /api/apps/{name}/config" && e.App == App && e.Outcome == "ok (200)");
        Assert.Contains(entries, e => e.Action == "POST /api/tokens/" && e.Outcome == "ok (201)");
        Assert.DoesNotContain(entries, e => e.Actor == "somebody-else");
    }

    private static string Fill(string pattern) => RouteParameter().Replace(pattern, m => m.Groups[1].Value switch
    {
        "name" => App,
        "team" => "a",
        _ => "nothing-here",
    });

    [GeneratedRegex(@"\{([^}:]*)[^}]*\}")]
    private static partial Regex RouteParameter();

    [GeneratedRegex("lt_[A-Za-z0-9_-]{16,}")]
    private static partial Regex TokenValue();
}
