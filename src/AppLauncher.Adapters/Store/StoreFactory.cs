using AppLauncher.Core.Config;
using AppLauncher.Security;

namespace AppLauncher.Store;

/// <summary>The store <c>launcher.yaml</c> chose: the SQLite file in the data directory, or a PostgreSQL database.</summary>
public static class StoreFactory
{
    public const string DatabaseFile = "launcher.db";

    public static IStore Create(StoreConfig config, string dataDirectory) => config.Provider switch
    {
        // The key stays in the data directory (or wherever the operator mounts it), never in the database it protects.
        StoreConfig.Postgres => new PostgresStore(config.ConnectionString ?? "", new SecretBox(Path.Combine(dataDirectory, SecretBox.KeyFileName))),
        _ => new SqliteStore(Path.Combine(dataDirectory, DatabaseFile)),
    };

    /// <summary>A SQLite store at <paramref name="path"/> sealed with <paramref name="secrets"/> (a copy's target).</summary>
    public static IStore CreateSqlite(string path, SecretBox secrets) => new SqliteStore(path, secrets);
}
