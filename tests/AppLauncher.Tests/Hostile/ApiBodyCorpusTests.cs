using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AppLauncher.Tests.Domains;
using Xunit.Abstractions;

namespace AppLauncher.Tests.Hostile;

/// <summary>
/// Every API endpoint that reads a body, sent malformed, truncated, oversized, deeply nested and wrongly typed JSON
/// with the admin token: each answer is a 4xx problem that says what is wrong, never a 500; the server keeps answering
/// and the app's state (config, autoscaling policy, traffic, domains, the app list) is what it was.
/// </summary>
public sealed class ApiBodyCorpusTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _app = "h" + Guid.NewGuid().ToString("N")[..6];
    private TestLauncher _launcher = null!;

    public async Task InitializeAsync()
    {
        _launcher = await TestLauncher.StartAsync(_ => { });
        await _launcher.CreateAppAsync(_app);
        using var config = await _launcher.Http.PatchAsJsonAsync($"api/apps/{_app}/config", new { set = new[] { new { key = "GREETING", value = "hello" } } });
        Assert.True(config.IsSuccessStatusCode, await config.Content.ReadAsStringAsync());
    }

    public async Task DisposeAsync() => await _launcher.DisposeAsync();

    /// <summary>Each endpoint with a body, and a valid body for it (the corpus truncates it at every byte).</summary>
    private (HttpMethod Method, string Path, string Valid)[] Endpoints =>
    [
        (HttpMethod.Post, "api/apps", """{"name":"other-app"}"""),
        (HttpMethod.Patch, $"api/apps/{_app}/config", """{"set":[{"key":"NEW_VAR","value":"v","secret":false}],"unset":["GREETING"]}"""),
        (HttpMethod.Put, $"api/apps/{_app}/autoscaling", """{"min":3,"max":7,"target":50,"metric":"concurrency"}"""),
        (HttpMethod.Put, $"api/apps/{_app}/traffic", """{"shares":[{"revision":"x-00001","percent":100}]}"""),
        (HttpMethod.Post, $"api/apps/{_app}/traffic/tags", """{"tag":"candidate","revision":"x-00001"}"""),
        (HttpMethod.Post, $"api/apps/{_app}/domains", """{"domain":"www.example.com"}"""),
        (HttpMethod.Post, $"api/apps/{_app}/rollback", """{"revision":"x-00001"}"""),
    ];

    private static IEnumerable<(string Case, byte[] Body)> Bodies(string valid)
    {
        var bytes = Encoding.UTF8.GetBytes(valid);
        for (var n = 1; n < bytes.Length; n++)
        {
            yield return ($"truncated at byte {n}", bytes[..n]);
        }

        string[] texts =
        [
            "{", "}", "[", "]", "{]", "nul", "undefined", "{'a':1}", "{\"a\":}", "{\"a\" 1}", "{,}", "{\"a\":1,}", "/* c */ {}", "\u0000", "{\"a\":\"\u0000\"}",
            "[]", "\"text\"", "1", "-1", "true", "1e999999", "99999999999999999999999999999999", "[null]", "{\"name\":[]}", "{\"name\":{}}", "{\"name\":1}",
            "{\"set\":\"x\"}", "{\"set\":[1]}", "{\"set\":[null]}", "{\"set\":[{\"key\":null,\"value\":null}]}", "{\"set\":[{\"key\":5,\"value\":true}]}", "{\"unset\":[null]}",
            "{\"set\":[{\"key\":\"A\"}]}", "{\"min\":\"x\"}", "{\"min\":1e999}", "{\"min\":99999999999999999999}", "{\"min\":-1,\"max\":-5}", "{\"target\":NaN}",
            "{\"min\":1.5}", "{\"shares\":\"x\"}", "{\"shares\":[null]}", "{\"shares\":[{\"percent\":\"x\"}]}", "{\"shares\":[{\"revision\":null,\"percent\":100}]}",
            "{\"shares\":[{\"percent\":99999999999}]}", "{\"tag\":[],\"revision\":{}}", "{\"domain\":[\"a\"]}", "{\"domain\":\"a\\u0000b\"}", "{\"revision\":5}",
            "{\"domain\":\"\\ud800\"}", "{\"name\":\"\\udfff\"}", "{\"mni\":3}", "{\"min\":1,\"unknown\":true}",
            new string('[', 100_000) + new string(']', 100_000), string.Concat(Enumerable.Repeat("{\"a\":", 100_000)) + "1" + new string('}', 100_000),
            "{\"set\":" + new string('[', 10_000), "{\"name\":\"" + new string('a', 500_000) + "\"}",
        ];
        foreach (var text in texts)
        {
            yield return (text.Length > 50 ? $"{text[..30]}… ({text.Length:N0} chars)" : text, Encoding.UTF8.GetBytes(text));
        }

        yield return ("invalid UTF-8", [(byte)'{', (byte)'"', 0xFF, 0xFE, (byte)'"', (byte)':', (byte)'1', (byte)'}']);
        yield return ("overlong UTF-8 '/'", [(byte)'{', (byte)'"', 0xC0, 0xAF, (byte)'"', (byte)':', (byte)'1', (byte)'}']);
        yield return ("UTF-16", Encoding.Unicode.GetBytes(valid));
        yield return ("2 MiB", Encoding.UTF8.GetBytes("{\"name\":\"" + new string('a', 2 * 1024 * 1024) + "\"}"));
    }

    [Fact]
    public async Task EveryBodyEndpoint_HostileJson_Is4xxWithAMessage_NeverA500_AndNothingChanges()
    {
        var before = await StateAsync();
        var answers = new List<string>();
        var count = 0;
        var slowest = (Time: TimeSpan.Zero, Input: "");
        var total = Stopwatch.StartNew();
        foreach (var (method, path, valid) in Endpoints)
        {
            foreach (var (name, body) in Bodies(valid))
            {
                count++;
                var watch = Stopwatch.StartNew();
                var (status, text) = await SendAsync(method, path, body);
                watch.Stop();
                var input = $"{method} /{path} ({name})";
                if (watch.Elapsed > slowest.Time)
                {
                    slowest = (watch.Elapsed, input);
                }

                if ((int)status is < 400 or >= 500 || !HasMessage(status, text))
                {
                    answers.Add($"{input}: {(int)status} {text[..Math.Min(text.Length, 300)]}");
                }
            }
        }

        total.Stop();
        output.WriteLine($"hostile corpus API bodies: {count:N0} requests in {total.Elapsed.TotalSeconds:N1} s; slowest {slowest.Time.TotalMilliseconds:N0} ms: {slowest.Input}");
        Assert.True(answers.Count == 0, $"{answers.Count} of {count} hostile bodies were not a 4xx with a message:\n{string.Join("\n", answers.Take(40))}");

        using var health = await _launcher.Http.GetAsync("healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(before, await StateAsync());
    }

    /// <summary>Strict reading still takes what the CLI sends: the policy GET returned, and a config change with a secret.</summary>
    [Fact]
    public async Task ValidBodies_InTheCliShapes_AreStillAccepted()
    {
        var policy = await _launcher.Http.GetStringAsync($"api/apps/{_app}/autoscaling");
        var changed = policy.Replace("\"max\":0", "\"max\":4", StringComparison.Ordinal);
        var (status, text) = await SendAsync(HttpMethod.Put, $"api/apps/{_app}/autoscaling", Encoding.UTF8.GetBytes(changed));
        Assert.True(status == HttpStatusCode.OK, text);
        Assert.Contains("\"max\":4", await _launcher.Http.GetStringAsync($"api/apps/{_app}/autoscaling"), StringComparison.Ordinal);

        (status, text) = await SendAsync(HttpMethod.Patch, $"api/apps/{_app}/config", """{"set":[{"key":"TOKEN","value":"s3cret","secret":true}],"unset":null}"""u8.ToArray());
        Assert.True(status == HttpStatusCode.OK, text);
        (status, text) = await SendAsync(HttpMethod.Post, "api/apps", Encoding.UTF8.GetBytes($$"""{"name":"{{_app}}-x"}"""));
        Assert.True(status == HttpStatusCode.Created, text);
    }

    /// <summary>A problem that says what is wrong: a detail, or validation errors (a 413 from Kestrel may come with no body).</summary>
    private static bool HasMessage(HttpStatusCode status, string text)
    {
        if (status == HttpStatusCode.RequestEntityTooLarge)
        {
            return true;
        }

        try
        {
            using var doc = JsonDocument.Parse(text);
            return (doc.RootElement.TryGetProperty("detail", out var detail) && detail.GetString() is { Length: > 0 })
                || doc.RootElement.TryGetProperty("errors", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private async Task<(HttpStatusCode Status, string Text)> SendAsync(HttpMethod method, string path, byte[] body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        try
        {
            using var response = await _launcher.Http.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        catch (HttpRequestException e) when (e.InnerException is IOException)
        {
            // The server may refuse an oversized body and close before the client has sent all of it.
            return (HttpStatusCode.RequestEntityTooLarge, "");
        }
    }

    /// <summary>What the API says about the app and the platform's apps: it must not move while the corpus runs.</summary>
    private async Task<string> StateAsync()
    {
        var parts = new List<string>();
        foreach (var path in new[] { "api/apps", $"api/apps/{_app}/config", $"api/apps/{_app}/autoscaling", $"api/apps/{_app}/traffic", $"api/apps/{_app}/domains", $"api/apps/{_app}/releases" })
        {
            using var response = await _launcher.Http.GetAsync(path);
            var text = await response.Content.ReadAsStringAsync();
            parts.Add($"{path}: {(int)response.StatusCode} {System.Text.RegularExpressions.Regex.Replace(text, "\"updatedAt\":\"[^\"]*\"", "")}");
        }

        return string.Join("\n", parts);
    }
}
