using AppLauncher.Core.Processes;
using AppLauncher.Store;

namespace AppLauncher.Processes;

/// <summary>The instance count of each non-web process type of an app: set by <c>launcher scale</c> and by launcher.yaml's <c>processes:</c> on a push.</summary>
internal sealed class ProcessFormation(IStore store)
{
    // Read, merge, write: one change at a time, so two scales at once do not lose one of them.
    private readonly SemaphoreSlim _change = new(1, 1);

    /// <summary>The counts set for the app (types not named run <see cref="ProcessTypes.DefaultInstances"/>); null when none were set.</summary>
    public async Task<IReadOnlyDictionary<string, int>?> GetAsync(string app, CancellationToken cancellationToken) =>
        FormationJson.Read(await store.GetFormationAsync(app, cancellationToken));

    /// <summary>Sets the counts named in <paramref name="counts"/>; the others keep theirs.</summary>
    public async Task<IReadOnlyDictionary<string, int>> SetAsync(string app, IReadOnlyDictionary<string, int> counts, CancellationToken cancellationToken)
    {
        await _change.WaitAsync(cancellationToken);
        try
        {
            return await MergeAsync(app, counts, cancellationToken);
        }
        finally
        {
            _change.Release();
        }
    }

    private async Task<IReadOnlyDictionary<string, int>> MergeAsync(string app, IReadOnlyDictionary<string, int> counts, CancellationToken cancellationToken)
    {
        var merged = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var (type, count) in (IEnumerable<KeyValuePair<string, int>>?)await GetAsync(app, cancellationToken) ?? [])
        {
            merged[type] = count;
        }

        foreach (var (type, count) in counts)
        {
            merged[type] = count;
        }

        await store.SetFormationAsync(app, FormationJson.Write(merged), cancellationToken);
        return merged;
    }
}
