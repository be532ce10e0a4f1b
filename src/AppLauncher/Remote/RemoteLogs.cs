using System.Collections.Concurrent;

namespace AppLauncher.Remote;

/// <summary>Each connected app's last sync output (in memory: the builds and revisions themselves are in the store).</summary>
internal sealed class RemoteLogs
{
    private readonly ConcurrentDictionary<string, RemoteOutput> _outputs = new(StringComparer.Ordinal);

    /// <summary>A fresh output for the app's sync now, replacing the last one.</summary>
    public RemoteOutput Start(string app) => _outputs[app] = new RemoteOutput();

    /// <summary>The output of the app's last sync (empty before the first).</summary>
    public IReadOnlyList<string> Last(string app) => _outputs.TryGetValue(app, out var output) ? output.Lines : [];

    public void Forget(string app) => _outputs.TryRemove(app, out _);
}
