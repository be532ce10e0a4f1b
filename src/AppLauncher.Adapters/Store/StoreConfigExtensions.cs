namespace AppLauncher.Store;

/// <summary>Config vars as a new revision takes them.</summary>
public static class StoreConfigExtensions
{
    /// <summary>The app's config vars as an environment (decrypted), for the revision about to be made.</summary>
    public static async Task<Dictionary<string, string>> EnvironmentAsync(this IStore store, string app, CancellationToken cancellationToken) =>
        (await store.ListConfigAsync(app, cancellationToken)).ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
}
