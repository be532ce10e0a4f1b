using System.Text;
using System.Text.Json;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace AppLauncher.Docker;

/// <summary>The little AppLauncher needs on top of Docker.DotNet: the engine's own words, log text, values of a stream's aux messages.</summary>
internal static class DockerEngine
{
    /// <summary>The engine's message from a refusal (<c>{"message": "..."}</c>), without the library's wrapping.</summary>
    public static string Message(DockerApiException e)
    {
        var body = e.ResponseBody?.Trim() ?? "";
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("message", out var message)
                && message.ValueKind == JsonValueKind.String)
            {
                return message.GetString()!.Trim();
            }
        }
        catch (JsonException)
        {
        }

        return body.Length > 0 ? body : $"HTTP {(int)e.StatusCode}";
    }

    /// <summary>
    /// The container's stdout and stderr as one text, in the order the engine sent them (as the app wrote them).
    /// </summary>
    public static async Task<string> ReadTextAsync(MultiplexedStream stream, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        await ReadFramesAsync(stream, (_, chunk) =>
        {
            text.Append(chunk);
            return Task.CompletedTask;
        }, cancellationToken);
        return text.ToString();
    }

    /// <summary>
    /// Hands each frame of the container's output to <paramref name="onText"/> as it arrives (true for stderr), in the
    /// engine's order. One decoder per stream keeps a character whole when it is split across frames.
    /// </summary>
    public static async Task ReadFramesAsync(MultiplexedStream stream, Func<bool, string, Task> onText, CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        var chars = new char[Encoding.UTF8.GetMaxCharCount(buffer.Length)];
        var decoders = new Dictionary<MultiplexedStream.TargetStream, Decoder>();
        while (true)
        {
            var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken);
            if (read.EOF)
            {
                break;
            }

            if (!decoders.TryGetValue(read.Target, out var decoder))
            {
                decoder = decoders[read.Target] = Encoding.UTF8.GetDecoder();
            }

            if (decoder.GetChars(buffer, 0, read.Count, chars, 0) is var count and > 0)
            {
                await onText(read.Target == MultiplexedStream.TargetStream.StandardError, new string(chars, 0, count));
            }
        }

        foreach (var (target, decoder) in decoders)
        {
            if (decoder.GetChars(buffer, 0, 0, chars, 0, flush: true) is var count and > 0)
            {
                await onText(target == MultiplexedStream.TargetStream.StandardError, new string(chars, 0, count));
            }
        }
    }

    /// <summary>A string value of a message's <c>aux</c> object: the image id of a build (<c>ID</c>), the digest of a push (<c>Digest</c>).</summary>
    public static string? Aux(JSONMessage message, string key) =>
        message.Aux?.ExtensionData is { } data && data.TryGetValue(key, out var value)
            ? value switch
            {
                JsonElement { ValueKind: JsonValueKind.String } element => element.GetString(),
                string text => text,
                _ => null,
            }
            : null;
}
