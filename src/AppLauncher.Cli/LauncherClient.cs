using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using AppLauncher.Core.Autoscaling;
using AppLauncher.Core.Traffic;

namespace AppLauncher.Cli;

/// <summary>The AppLauncher REST API, as the CLI calls it.</summary>
/// <remarks>The server records changes under the identity of <paramref name="token"/>; nothing the client says about itself counts.</remarks>
internal sealed class LauncherClient(Uri server, string token) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>A change that releases a revision waits for it to start (and the old one to drain).</summary>
    private static readonly TimeSpan ReleaseTimeout = TimeSpan.FromMinutes(10);

    private readonly HttpClient _http = new(LocalTrust.Handler(server)) { BaseAddress = server, Timeout = Timeout.InfiniteTimeSpan };

    public Task<List<AppInfo>> AppsAsync(CancellationToken cancellationToken) =>
        GetJsonAsync<List<AppInfo>>("api/apps", cancellationToken);

    public Task<AppInfo> AppAsync(string app, CancellationToken cancellationToken) =>
        GetJsonAsync<AppInfo>($"api/apps/{Uri.EscapeDataString(app)}", cancellationToken);

    /// <summary>
    /// The app's kept output, each line to <paramref name="line"/> as it comes; with <c>follow=true</c> in
    /// <paramref name="query"/> it goes on until cancelled. <paramref name="instances"/> gets how many web instances run
    /// (from the answer's header) before the first line.
    /// </summary>
    public async Task LogsAsync(string app, string query, Action<int?> instances, Func<string, Task> line, CancellationToken cancellationToken)
    {
        // No time limit: a followed log stays open until Ctrl-C.
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/apps/{Uri.EscapeDataString(app)}/logs?{query}");
        using (var response = await OpenStreamAsync(request, cancellationToken))
        {
            instances(response.Headers.TryGetValues("X-Launcher-Instances", out var values)
                && int.TryParse(values.FirstOrDefault(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count) ? count : null);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
            try
            {
                while (await reader.ReadLineAsync(cancellationToken) is { } text)
                {
                    await line(text);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl-C: the end of a followed log.
            }
            catch (IOException e)
            {
                throw new CliException($"the log stream from {server} broke: {e.Message}. The server stopped, or the connection did; run the command again.");
            }
        }
    }

    public Task<List<BuildInfo>> BuildsAsync(string app, CancellationToken cancellationToken) =>
        GetJsonAsync<List<BuildInfo>>($"api/apps/{Uri.EscapeDataString(app)}/builds", cancellationToken);

    public async Task<string> BuildLogAsync(string app, string id, CancellationToken cancellationToken)
    {
        using var response = await SendAsync($"api/apps/{Uri.EscapeDataString(app)}/builds/{Uri.EscapeDataString(id)}/log", cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    public Task<AutoscalingPolicy> AutoscalingAsync(string app, CancellationToken cancellationToken) =>
        GetJsonAsync<AutoscalingPolicy>($"api/apps/{Uri.EscapeDataString(app)}/autoscaling", cancellationToken);

    public async Task<AutoscalingPolicy> SetAutoscalingAsync(string app, AutoscalingPolicy policy, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Put, $"api/apps/{Uri.EscapeDataString(app)}/autoscaling", policy, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<AutoscalingPolicy>(Json, cancellationToken))!;
    }

    /// <summary>The autoscaler's latest decision, or null when it has none yet.</summary>
    public async Task<JsonElement?> ScaleStatusAsync(string app, CancellationToken cancellationToken)
    {
        try
        {
            return await GetJsonAsync<JsonElement>($"api/apps/{Uri.EscapeDataString(app)}/scale", cancellationToken);
        }
        catch (CliException)
        {
            return null;
        }
    }

    public Task<CreatedApp> CreateAppAsync(string app, CancellationToken cancellationToken, string? team = null) =>
        SendJsonAsync<CreatedApp>(HttpMethod.Post, "api/apps", new { name = app, team }, cancellationToken);

    /// <summary>Any identity call (whoami, tokens, teams, audit): the JSON answer, or nothing for 204.</summary>
    public async Task<JsonElement?> CallAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, path, body, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return text.Length == 0 ? null : JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task DestroyAppAsync(string app, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Delete, $"api/apps/{Uri.EscapeDataString(app)}", null, cancellationToken);
    }

    public Task<List<DomainInfo>> DomainsAsync(string app, CancellationToken cancellationToken) =>
        GetJsonAsync<List<DomainInfo>>($"api/apps/{Uri.EscapeDataString(app)}/domains", cancellationToken);

    public Task<DomainInfo> AddDomainAsync(string app, string domain, CancellationToken cancellationToken) =>
        SendJsonAsync<DomainInfo>(HttpMethod.Post, $"api/apps/{Uri.EscapeDataString(app)}/domains", new { domain }, cancellationToken);

    public Task<DomainInfo> VerifyDomainAsync(string app, string domain, CancellationToken cancellationToken) =>
        SendJsonAsync<DomainInfo>(HttpMethod.Post, $"api/apps/{Uri.EscapeDataString(app)}/domains/{Uri.EscapeDataString(domain)}/verify", null, cancellationToken);

    public Task<DomainInfo> RemoveDomainAsync(string app, string domain, CancellationToken cancellationToken) =>
        SendJsonAsync<DomainInfo>(HttpMethod.Delete, $"api/apps/{Uri.EscapeDataString(app)}/domains/{Uri.EscapeDataString(domain)}", null, cancellationToken);

    /// <summary>The app's registration in the external DNS server, or null when registration is off.</summary>
    public async Task<DnsRegistrationInfo?> DnsAsync(string app, CancellationToken cancellationToken)
    {
        try
        {
            return await GetJsonAsync<DnsRegistrationInfo>($"api/apps/{Uri.EscapeDataString(app)}/dns", cancellationToken);
        }
        catch (CliException e) when (e.Message.Contains("registration in an external DNS server is off", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
    }

    /// <summary>The certificates serving <paramref name="app"/>, or every certificate when it is null.</summary>
    public Task<List<CertificateInfo>> CertificatesAsync(string? app, CancellationToken cancellationToken) =>
        GetJsonAsync<List<CertificateInfo>>(app is null ? "api/certificates" : $"api/apps/{Uri.EscapeDataString(app)}/certificates", cancellationToken);

    public Task<List<ReleaseInfo>> ReleasesAsync(string app, CancellationToken cancellationToken) =>
        GetJsonAsync<List<ReleaseInfo>>($"api/apps/{Uri.EscapeDataString(app)}/releases", cancellationToken);

    public async Task<string> RollbackAsync(string app, string? revision, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, $"api/apps/{Uri.EscapeDataString(app)}/rollback", new { revision }, cancellationToken);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return doc.RootElement.GetProperty("message").GetString() ?? "";
    }

    public Task<GcInfo> GcAsync(bool dryRun, CancellationToken cancellationToken) =>
        SendJsonAsync<GcInfo>(HttpMethod.Post, $"api/gc?dryRun={(dryRun ? "true" : "false")}", null, cancellationToken);

    public Task<TrafficInfo> TrafficAsync(string app, CancellationToken cancellationToken) =>
        GetJsonAsync<TrafficInfo>($"api/apps/{Uri.EscapeDataString(app)}/traffic", cancellationToken);

    public Task<TrafficChange> SetTrafficAsync(string app, IReadOnlyList<TrafficTarget> shares, CancellationToken cancellationToken) =>
        SendJsonAsync<TrafficChange>(HttpMethod.Put, $"api/apps/{Uri.EscapeDataString(app)}/traffic", new { shares }, cancellationToken);

    public Task<TrafficChange> TagAsync(string app, string tag, string revision, CancellationToken cancellationToken) =>
        SendJsonAsync<TrafficChange>(HttpMethod.Post, $"api/apps/{Uri.EscapeDataString(app)}/traffic/tags", new { tag, revision }, cancellationToken);

    public Task<TrafficChange> UntagAsync(string app, string tag, CancellationToken cancellationToken) =>
        SendJsonAsync<TrafficChange>(HttpMethod.Delete, $"api/apps/{Uri.EscapeDataString(app)}/traffic/tags/{Uri.EscapeDataString(tag)}", null, cancellationToken);

    public Task<ConfigInfo> ConfigAsync(string app, CancellationToken cancellationToken) =>
        GetJsonAsync<ConfigInfo>($"api/apps/{Uri.EscapeDataString(app)}/config", cancellationToken);

    /// <summary>Sets and unsets config vars in one change; the server releases a new revision when the environment changes.</summary>
    public async Task<ConfigChangeInfo> ChangeConfigAsync(string app, IReadOnlyList<ConfigSettingInfo> set, IReadOnlyList<string> unset, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Patch, $"api/apps/{Uri.EscapeDataString(app)}/config", new { set, unset }, cancellationToken, ReleaseTimeout);
        return (await response.Content.ReadFromJsonAsync<ConfigChangeInfo>(Json, cancellationToken))!;
    }

    public async Task<string> ManifestsAsync(string app, CancellationToken cancellationToken)
    {
        using var response = await SendAsync($"api/apps/{Uri.EscapeDataString(app)}/manifests", cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    public Task<ProcessesInfo> ProcessesAsync(string app, CancellationToken cancellationToken) =>
        GetJsonAsync<ProcessesInfo>($"api/apps/{Uri.EscapeDataString(app)}/processes", cancellationToken);

    public Task<ProcessesInfo> ScaleAsync(string app, IReadOnlyDictionary<string, int> counts, CancellationToken cancellationToken) =>
        SendJsonAsync<ProcessesInfo>(HttpMethod.Patch, $"api/apps/{Uri.EscapeDataString(app)}/formation", new { counts }, cancellationToken);

    public Task<RunInfo> StartDetachedRunAsync(string app, IReadOnlyList<string> command, CancellationToken cancellationToken) =>
        SendJsonAsync<RunInfo>(HttpMethod.Post, $"api/apps/{Uri.EscapeDataString(app)}/runs", new { command, detach = true }, cancellationToken);

    /// <summary>Runs the command attached: each NDJSON line goes to <paramref name="line"/>, which returns the exit code from the last one.</summary>
    public async Task<int> RunAsync(string app, IReadOnlyList<string> command, string? stdin, Func<JsonElement, int?> line, CancellationToken cancellationToken)
    {
        // No time limit: the command runs as long as it runs; Ctrl-C ends it (the server removes its container).
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/apps/{Uri.EscapeDataString(app)}/runs") { Content = JsonContent.Create(new { command, stdin }, options: Json) };
        using (var response = await OpenStreamAsync(request, cancellationToken))
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
            int? exitCode = null;
            while (await reader.ReadLineAsync(cancellationToken) is { } text)
            {
                if (text.Length > 0)
                {
                    using var json = JsonDocument.Parse(text);
                    exitCode = line(json.RootElement) ?? exitCode;
                }
            }

            return exitCode ?? throw new CliException("the run's answer ended before its exit code: the server stopped, or the connection broke. See 'launcher ps " + app + "'.");
        }
    }

    /// <summary>
    /// Runs the command with a live console (a WebSocket, see the server's RunConsoleSocket): <paramref name="stdin"/> is
    /// sent as it is read, while each output line goes to <paramref name="line"/>, which returns the exit code from the last one.
    /// </summary>
    public async Task<int> ConsoleAsync(string app, IReadOnlyList<string> command, Stream stdin, Func<JsonElement, int?> line, CancellationToken cancellationToken)
    {
        var path = $"api/apps/{Uri.EscapeDataString(app)}/runs/console?{string.Join("&", command.Select(c => "command=" + Uri.EscapeDataString(c)))}";
        var address = new UriBuilder(new Uri(server, path)) { Scheme = server.Scheme == Uri.UriSchemeHttps ? "wss" : "ws" }.Uri;
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (token.Length > 0)
        {
            socket.Options.SetRequestHeader("Authorization", $"Bearer {token}");
        }

        try
        {
            await socket.ConnectAsync(address, cancellationToken);
        }
        catch (WebSocketException e)
        {
            if (socket.HttpStatusCode != 0)
            {
                // Refused (no such app, nothing pushed, not allowed): the same request without the upgrade says why.
                using var _ = await SendAsync(path, cancellationToken);
            }

            throw new CliException($"cannot open a console at {server}: {e.Message}. Is it running (scripts/up)? Set LAUNCHER_URL if it listens elsewhere.");
        }

        // Input goes as it comes; nothing waits for it once the command ended.
        _ = Task.Run(() => SendInputAsync(socket, stdin, cancellationToken), cancellationToken);

        int? exitCode = null;
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
        {
            var received = await socket.ReceiveAsync(buffer, cancellationToken);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                break;
            }

            message.Write(buffer, 0, received.Count);
            if (!received.EndOfMessage)
            {
                continue;
            }

            using (var json = JsonDocument.Parse(message.ToArray()))
            {
                if (json.RootElement.TryGetProperty("error", out var error))
                {
                    throw new CliException(error.GetString() ?? "the console was refused");
                }

                exitCode = line(json.RootElement) ?? exitCode;
            }

            message.SetLength(0);
        }

        if (socket.State == WebSocketState.CloseReceived)
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        }

        return exitCode ?? throw new CliException("the console ended before the command's exit code: the server stopped, or the connection broke. See 'launcher ps " + app + "'.");
    }

    private static async Task SendInputAsync(ClientWebSocket socket, Stream stdin, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await stdin.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await socket.SendAsync(buffer.AsMemory(0, read), WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);
            }

            await socket.SendAsync("{\"eof\":true}"u8.ToArray(), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // The command ended (or the console closed) before its input did.
        }
    }

    public async Task<string> RunLogsAsync(string app, string run, int tail, CancellationToken cancellationToken)
    {
        using var response = await SendAsync($"api/apps/{Uri.EscapeDataString(app)}/runs/{Uri.EscapeDataString(run)}/logs?tail={tail}", cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    public Task<CronInfo> CronAsync(string app, CancellationToken cancellationToken) =>
        GetJsonAsync<CronInfo>($"api/apps/{Uri.EscapeDataString(app)}/cron", cancellationToken);

    public Task<List<AlertRuleInfo>> AlertsAsync(string? app, CancellationToken cancellationToken) =>
        GetJsonAsync<List<AlertRuleInfo>>("api/alerts" + (app is null ? "" : $"?app={Uri.EscapeDataString(app)}"), cancellationToken);

    public Task<List<AlertHistoryInfo>> AlertHistoryAsync(string? app, int limit, CancellationToken cancellationToken) =>
        GetJsonAsync<List<AlertHistoryInfo>>($"api/alerts/history?limit={limit}" + (app is null ? "" : $"&app={Uri.EscapeDataString(app)}"), cancellationToken);

    public void Dispose() => _http.Dispose();

    private async Task<T> SendJsonAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, path, body, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken))!;
    }

    private async Task<T> GetJsonAsync<T>(string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(path, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken))!;
    }

    /// <summary>Sends <paramref name="request"/> with the token and no time limit, returning once the headers say
    /// success; the body is left to stream (logs that follow, a run's output).</summary>
    private async Task<HttpResponseMessage> OpenStreamAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (token.Length > 0)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new CliException($"cannot reach AppLauncher at {server}: {e.Message}. Is it running (scripts/up)? Set LAUNCHER_URL if it listens elsewhere.");
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw new CliException(await ProblemDetailAsync(response, cancellationToken));
        }
    }

    private Task<HttpResponseMessage> SendAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, null, cancellationToken);

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body, options: Json) };
        if (token.Length > 0)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout ?? DefaultTimeout);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, limit.Token);
        }
        catch (HttpRequestException e)
        {
            throw new CliException($"cannot reach AppLauncher at {server}: {e.Message}. Is it running (scripts/up)? Set LAUNCHER_URL if it listens elsewhere.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException($"AppLauncher at {server} did not answer {method} /{path} within {(timeout ?? DefaultTimeout).TotalSeconds:0} s.");
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var detail = await ProblemDetailAsync(response, cancellationToken);
            throw new CliException(response.StatusCode == HttpStatusCode.Unauthorized
                ? $"not authorized: {detail}"
                : detail);
        }
    }

    private static async Task<string> ProblemDetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
            {
                var title = doc.RootElement.TryGetProperty("title", out var t) ? t.GetString() : "invalid input";
                var lines = errors.EnumerateObject().SelectMany(e => e.Value.EnumerateArray().Select(m => $"  {e.Name}: {m.GetString()}"));
                return $"{title}\n{string.Join("\n", lines)}";
            }

            if (doc.RootElement.TryGetProperty("detail", out var detail) && detail.GetString() is { } text)
            {
                return text;
            }
        }
        catch (JsonException)
        {
        }

        return $"{(int)response.StatusCode} {response.ReasonPhrase}: {body}".Trim();
    }
}

/// <summary>An app as the API returns it.</summary>
internal sealed record AppInfo(string Name, string? Url, string State, string? Revision, int Instances, DateTimeOffset CreatedAt, string? StateDetail = null, bool NoWeb = false,
    string? Team = null, AppRemoteInfo? Remote = null);

/// <summary>A connected app's remote in the apps list: how its last fetch went, and the next poll.</summary>
internal sealed record AppRemoteInfo(string Repo, string Branch, string Status, string? Error, DateTimeOffset? CheckedAt, DateTimeOffset? NextPoll);

/// <summary>A build as the API returns it.</summary>
internal sealed record BuildInfo(long Id, string Commit, string? Revision, string Outcome, string? Buildpack, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, double? DurationSeconds, string? Actor, string? Error, bool LogKept);

/// <summary>A revision as the API returns it.</summary>
internal sealed record ReleaseInfo(string Name, int Number, string Image, string ImageId, string Commit, string Buildpack, DateTimeOffset CreatedAt, DateTimeOffset? ReleasedAt, bool Current,
    string? Change = null, string? Actor = null);

/// <summary>What a garbage collection removed, or would remove, as the API returns it.</summary>
internal sealed record GcInfo(bool DryRun, List<GcImageInfo> Images, List<GcContainerInfo> Containers, long Bytes, List<string> Skipped);

/// <summary>An image a collection removes.</summary>
internal sealed record GcImageInfo(string Id, string? App, List<string> Tags, List<string> Revisions, long Size, string Reason);

/// <summary>A stopped container a collection removes.</summary>
internal sealed record GcContainerInfo(string Id, string Name, string? App, string State);

/// <summary>An app's config vars as the API returns them (a secret's value is null).</summary>
internal sealed record ConfigInfo(string App, List<ConfigVarInfo> Vars);

/// <summary>One config var as the API returns it.</summary>
internal sealed record ConfigVarInfo(string Key, string? Value, bool Secret, DateTimeOffset UpdatedAt, string? UpdatedBy);

/// <summary>One variable to set, as the API takes it.</summary>
internal sealed record ConfigSettingInfo(string Key, string Value, bool Secret);

/// <summary>What a config change did.</summary>
internal sealed record ConfigChangeInfo(string Message, string Change, string? Revision, string? Previous);

/// <summary>An app just created.</summary>
internal sealed record CreatedApp(string Name, string Url);

/// <summary>A custom domain as the API returns it.</summary>
internal sealed record DomainInfo(string Domain, string App, string Status, string Token, string TxtName, string CnameTarget, DateTimeOffset CreatedAt, DateTimeOffset? VerifiedAt, string? Check);

/// <summary>An app's registration in the external DNS server.</summary>
internal sealed record DnsRegistrationInfo(string Name, string Server, string Action, string State, int Attempts, string? Error, DateTimeOffset? LastAttemptAt, DateTimeOffset? NextAttemptAt);

/// <summary>An error to show the user as is, without a stack trace.</summary>
internal sealed record TrafficInfo(string App, string? Latest, List<RevisionTrafficInfo> Revisions);

internal sealed record RevisionTrafficInfo(string Revision, int Percent, bool Latest, List<string> Tags, List<string> Urls, int Ready, string? Branch);

internal sealed record TrafficChange(string Message, TrafficInfo Traffic);

internal sealed class CliException(string message) : Exception(message);
