using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;

namespace AppLauncher.Tests.Observability;

/// <summary>A real HTTP server on loopback (HttpListener) that keeps every JSON body posted to it.</summary>
public sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<JsonElement> _received = new();

    public WebhookReceiver()
    {
        Port = LoopbackPorts.Free();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/hook";

    public IReadOnlyList<JsonElement> Received => [.. _received];

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using (var reader = new StreamReader(context.Request.InputStream))
            {
                _received.Enqueue(JsonDocument.Parse(await reader.ReadToEndAsync()).RootElement.Clone());
            }

            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }

    /// <summary>The first notification <paramref name="match"/> takes, waiting for it up to <paramref name="timeout"/>.</summary>
    public async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> match, TimeSpan timeout, Func<Task>? meanwhile = null)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            foreach (var body in _received)
            {
                if (match(body))
                {
                    return body;
                }
            }

            await (meanwhile?.Invoke() ?? Task.Delay(200));
        }

        Assert.Fail($"no matching notification within {timeout.TotalSeconds} s; received: {string.Join(" | ", _received.Select(r => r.GetRawText()))}");
        return default;
    }

    public void Dispose() => _listener.Close();
}
