using System.Text;

namespace AppLauncher.Deploy;

/// <summary>Writes deploy output as Heroku-style lines to a stream, flushing each one so the pusher sees progress live.</summary>
internal sealed class StreamDeployOutput(Stream stream) : IDeployOutput
{
    private readonly SemaphoreSlim _lock = new(1, 1);

    public Task StepAsync(string text) => WriteAsync($"-----> {text}");

    public Task LineAsync(string text) => WriteAsync($"       {text}");

    public Task ErrorAsync(string text) => WriteAsync($" !     {text}");

    /// <summary>Writes a line as is.</summary>
    public async Task WriteAsync(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line.TrimEnd('\r', '\n') + "\n");
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
