using System.IO.Pipelines;
using System.Net.WebSockets;
using System.Text.Json;
using AppLauncher.Processes;
using AppLauncher.Runtime;

namespace AppLauncher.Api;

/// <summary>
/// A live console on a one-off run (<c>launcher run -i</c>), over one WebSocket: what the client sends in binary messages
/// is the command's standard input as it comes (a text message <c>{"eof": true}</c>, or closing its side, ends it);
/// what the command writes comes back at once in text messages, the same lines as the NDJSON answer of
/// <c>POST /runs</c>: <c>{"run": id}</c>, <c>{"stream": "stdout", "text": …}</c>, and last <c>{"exitCode": n}</c> before
/// the server closes. A client that goes away ends the run (its container is removed).
/// </summary>
internal static class RunConsoleSocket
{
    /// <summary>The most one input message may hold; a console sends lines, not files.</summary>
    public const int MaxMessageBytes = 64 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task RunAsync(WebSocket socket, OneOffRuns runs, InstanceSpec spec, IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        using var gone = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var input = new Pipe();
        var send = new SemaphoreSlim(1, 1);
        var receiving = ReceiveAsync(socket, input.Writer, gone);
        int? exitCode;
        try
        {
            await using var stdin = input.Reader.AsStream();
            exitCode = await runs.RunAsync(spec, command, stdin,
                id => SendAsync(socket, send, new { run = id[..Math.Min(12, id.Length)] }, gone.Token),
                output => SendAsync(socket, send, new { stream = output.Stream, text = output.Text }, gone.Token),
                gone.Token);
        }
        catch (OperationCanceledException) when (gone.IsCancellationRequested)
        {
            // The client went away: the run was ended and removed; there is nobody left to tell.
            return;
        }

        if (exitCode is null)
        {
            await SendAsync(socket, send, new { error = $"{OneOffRuns.MaxConcurrent} one-off runs are attached already, the platform's bound: wait for one to end." }, cancellationToken);
            await CloseAsync(socket, receiving, gone, WebSocketCloseStatus.PolicyViolation, "too many runs");
            return;
        }

        await SendAsync(socket, send, new { exitCode }, cancellationToken);
        await CloseAsync(socket, receiving, gone, WebSocketCloseStatus.NormalClosure, "exited");
    }

    /// <summary>Copies the client's binary messages into the command's input until it says end of input, closes, or drops.</summary>
    private static async Task ReceiveAsync(WebSocket socket, PipeWriter stdin, CancellationTokenSource gone)
    {
        var buffer = new byte[MaxMessageBytes];
        try
        {
            while (true)
            {
                var message = await socket.ReceiveAsync(buffer, gone.Token);
                if (message.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                if (message.MessageType == WebSocketMessageType.Text)
                {
                    // The one text message a client sends: end of input.
                    break;
                }

                await stdin.WriteAsync(buffer.AsMemory(0, message.Count), gone.Token);
            }

            await stdin.CompleteAsync();
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            await stdin.CompleteAsync();
            if (socket.State is not WebSocketState.Open and not WebSocketState.CloseReceived)
            {
                // Dropped, not closed: the run ends with the connection.
                await gone.CancelAsync();
            }
        }
    }

    private static async Task SendAsync(WebSocket socket, SemaphoreSlim send, object line, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(line, Json);
        await send.WaitAsync(cancellationToken);
        try
        {
            await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            send.Release();
        }
    }

    /// <summary>Sends the close, then lets the receive loop take the client's answer (at most a few seconds).</summary>
    private static async Task CloseAsync(WebSocket socket, Task receiving, CancellationTokenSource gone, WebSocketCloseStatus status, string reason)
    {
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(status, reason, CancellationToken.None);
            }

            await receiving.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is WebSocketException or TimeoutException or OperationCanceledException)
        {
            // The client did not answer the close; the connection ends anyway.
        }
        finally
        {
            await gone.CancelAsync();
        }
    }
}
