using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace AppLauncher.Docker;

/// <summary>Thin typed client for the Docker Engine REST API over its unix socket.</summary>
internal sealed class DockerClient : IDockerClient, IDisposable
{
    private const string ApiVersion = "v1.41";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General) { PropertyNameCaseInsensitive = true };

    private readonly HttpClient _http;

    public DockerClient(string socketPath)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        };
        _http = new HttpClient(handler) { BaseAddress = new Uri($"http://docker/{ApiVersion}/"), Timeout = Timeout.InfiniteTimeSpan };
    }

    public async Task PingAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync("_ping", cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    public async Task<string> BuildImageAsync(Stream context, BuildParameters parameters, Func<BuildMessage, Task> onMessage, CancellationToken cancellationToken)
    {
        var query = $"build?t={Uri.EscapeDataString(parameters.Tag)}&dockerfile={Uri.EscapeDataString(parameters.Dockerfile)}" +
                    $"&networkmode={Uri.EscapeDataString(parameters.NetworkMode)}&rm=1&forcerm=1";
        using var content = new StreamContent(context);
        content.Headers.ContentType = new("application/x-tar");
        using var request = new HttpRequestMessage(HttpMethod.Post, query) { Content = content };
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);

        string? imageId = null;
        string? error = null;
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken), Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            var message = JsonSerializer.Deserialize<BuildMessage>(line, Json);
            if (message is null)
            {
                continue;
            }

            imageId = message.Aux?.Id ?? imageId;
            error ??= message.Error;
            await onMessage(message);
        }

        if (error is not null)
        {
            throw new DockerException(500, error.Trim());
        }

        return imageId ?? throw new DockerException(500, "the build finished without reporting an image id");
    }

    public Task<ImageInspect?> InspectImageAsync(string name, CancellationToken cancellationToken) =>
        GetOrNullAsync<ImageInspect>($"images/{Uri.EscapeDataString(name)}/json", cancellationToken);

    public async Task<string> CreateContainerAsync(string name, ContainerCreateRequest request, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync($"containers/create?name={Uri.EscapeDataString(name)}", request, Json, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        var created = await response.Content.ReadFromJsonAsync<ContainerCreateResponse>(Json, cancellationToken);
        return created?.Id ?? throw new DockerException(500, "container create returned no id");
    }

    public async Task StartContainerAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync($"containers/{id}/start", null, cancellationToken);
        if (response.StatusCode != HttpStatusCode.NotModified)
        {
            await EnsureSuccessAsync(response, cancellationToken);
        }
    }

    public async Task<int> WaitContainerAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync($"containers/{id}/wait", null, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return doc.RootElement.GetProperty("StatusCode").GetInt32();
    }

    public async Task SetRestartPolicyAsync(string id, string policy, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync($"containers/{id}/update", new { RestartPolicy = new RestartPolicy { Name = policy } }, Json, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    public async Task StopContainerAsync(string id, int graceSeconds, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync($"containers/{id}/stop?t={graceSeconds}", null, cancellationToken);
        if (response.StatusCode is not (HttpStatusCode.NotModified or HttpStatusCode.NotFound))
        {
            await EnsureSuccessAsync(response, cancellationToken);
        }
    }

    public async Task RemoveContainerAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await _http.DeleteAsync($"containers/{id}?force=1", cancellationToken);

        // 409 "removal already in progress": someone else is removing it, which is what was asked.
        if (response.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.Conflict))
        {
            await EnsureSuccessAsync(response, cancellationToken);
        }
    }

    public async Task PauseContainerAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync($"containers/{id}/pause", null, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    public async Task UnpauseContainerAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync($"containers/{id}/unpause", null, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    public Task<ContainerStats?> StatsAsync(string id, CancellationToken cancellationToken) =>
        GetOrNullAsync<ContainerStats>($"containers/{id}/stats?stream=false&one-shot=true", cancellationToken);

    public Task<ContainerInspect?> InspectContainerAsync(string id, CancellationToken cancellationToken) =>
        GetOrNullAsync<ContainerInspect>($"containers/{Uri.EscapeDataString(id)}/json", cancellationToken);

    public async Task<IReadOnlyList<ContainerSummary>> ListContainersAsync(IReadOnlyList<string> labels, CancellationToken cancellationToken)
    {
        var filters = JsonSerializer.Serialize(new Dictionary<string, IReadOnlyList<string>> { ["label"] = labels });
        var list = await _http.GetFromJsonAsync<List<ContainerSummary>>($"containers/json?all=1&filters={Uri.EscapeDataString(filters)}", Json, cancellationToken);
        return list ?? [];
    }

    public async Task<string> GetLogsAsync(string id, int tail, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync($"containers/{id}/logs?stdout=1&stderr=1&tail={tail}", cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return Demultiplex(bytes);
    }

    /// <summary>
    /// Containers without a TTY send logs as frames: one byte of stream type, three of padding, a big-endian
    /// length, then the payload. Frames are concatenated in order.
    /// </summary>
    internal static string Demultiplex(ReadOnlySpan<byte> data)
    {
        var text = new StringBuilder();
        while (data.Length >= 8 && data[0] <= 2 && data[1] == 0 && data[2] == 0 && data[3] == 0)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(data[4..8]);
            var take = Math.Min(length, data.Length - 8);
            text.Append(Encoding.UTF8.GetString(data.Slice(8, take)));
            data = data[(8 + take)..];
        }

        // Anything left is raw text (a TTY container, or a stream that was not framed).
        if (data.Length > 0)
        {
            text.Append(Encoding.UTF8.GetString(data));
        }

        return text.ToString();
    }

    public async Task TagImageAsync(string image, string repository, string tag, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync(
            $"images/{Uri.EscapeDataString(image)}/tag?repo={Uri.EscapeDataString(repository)}&tag={Uri.EscapeDataString(tag)}", null, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    public async Task<string> PushImageAsync(string repository, string tag, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"images/{Uri.EscapeDataString(repository)}/push?tag={Uri.EscapeDataString(tag)}");
        // The engine requires the header even for a registry without authentication: an empty auth config.
        request.Headers.Add("X-Registry-Auth", Convert.ToBase64String("{}"u8.ToArray()));
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);

        string? digest = null;
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken), Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            using var message = JsonDocument.Parse(line);
            if (message.RootElement.TryGetProperty("error", out var error))
            {
                throw new DockerException(500, $"push of {repository}:{tag} failed: {error.GetString()}");
            }

            if (message.RootElement.TryGetProperty("aux", out var aux) && aux.TryGetProperty("Digest", out var value))
            {
                digest = value.GetString();
            }
        }

        return digest ?? throw new DockerException(500, $"push of {repository}:{tag} ended without a digest from the registry");
    }

    public void Dispose() => _http.Dispose();

    private async Task<T?> GetOrNullAsync<T>(string path, CancellationToken cancellationToken)
        where T : class
    {
        using var response = await _http.GetAsync(path, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken);
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        string message;
        try
        {
            message = JsonDocument.Parse(body).RootElement.GetProperty("message").GetString() ?? body;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            message = body;
        }

        throw new DockerException((int)response.StatusCode, message.Trim());
    }
}
