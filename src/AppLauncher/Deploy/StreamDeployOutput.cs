using System.Text;

namespace AppLauncher.Deploy;

/// <summary>Writes deploy output as Heroku-style lines to a stream, flushing each one so the pusher sees progress live.</summary>
internal sealed class StreamDeployOutput(Stream stream) : IDeployOutput
{
    private readonly SemaphoreSlim _lock = new(1, 1);

    public Task StepAsync(string text) => WriteLinesAsync("-----> ", text);

    public Task LineAsync(string text) => WriteLinesAsync("       ", text);

    public Task ErrorAsync(string text) => WriteLinesAsync(" !     ", text);

    /// <summary>
    /// Writes one line as is: only for the server's own lines (the push's verdict), never for text that came from a
    /// build or an app. Line breaks in it are refused, so it stays one line.
    /// </summary>
    public Task WriteAsync(string line)
    {
        var text = line.TrimEnd('\r', '\n');
        if (text.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException("a line written as is must not hold line breaks", nameof(line));
        }

        return WriteBytesAsync(Encoding.UTF8.GetBytes(text + "\n"));
    }

    /// <summary>
    /// Text from builds and apps may hold line breaks (an engine error quoting a command, an app's message): each line
    /// it makes gets the prefix, so no line of theirs can begin like a line of the server's own.
    /// </summary>
    private Task WriteLinesAsync(string prefix, string text)
    {
        var lines = text.TrimEnd('\r', '\n').Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n', '\r');
        var builder = new StringBuilder();
        foreach (var line in lines)
        {
            builder.Append(prefix).Append(line).Append('\n');
        }

        return WriteBytesAsync(Encoding.UTF8.GetBytes(builder.ToString()));
    }

    private async Task WriteBytesAsync(byte[] bytes)
    {
        await _lock.WaitAsync();
        try
        {
            await stream.WriteAsync(bytes);
            await stream.FlushAsync();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The pusher went away; the deploy goes on and its outcome is stored.
        }
        finally
        {
            _lock.Release();
        }
    }
}
