using AppLauncher.Deploy;

namespace AppLauncher.Remote;

/// <summary>
/// The output of a connected app's fetch and deploy: the same lines a pusher sees (steps, build output, errors), kept
/// as the app's last remote log (at most <see cref="MaxLines"/> lines, the newest) for <c>launcher apps remote</c>.
/// </summary>
internal sealed class RemoteOutput : IDeployOutput
{
    public const int MaxLines = 2000;
    private readonly Lock _gate = new();
    private readonly Queue<string> _lines = new();

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    public Task StepAsync(string text) => AddAsync("-----> ", text);

    public Task LineAsync(string text) => AddAsync("       ", text);

    public Task ErrorAsync(string text) => AddAsync(" !     ", text);

    private Task AddAsync(string prefix, string text)
    {
        lock (_gate)
        {
            foreach (var line in text.TrimEnd('\r', '\n').Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n', '\r'))
            {
                _lines.Enqueue(prefix + line);
                if (_lines.Count > MaxLines)
                {
                    _lines.Dequeue();
                }
            }
        }

        return Task.CompletedTask;
    }
}
