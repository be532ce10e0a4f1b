using System.Data.Common;
using System.Globalization;
using AppLauncher.Security;
using Microsoft.Data.Sqlite;

namespace AppLauncher.Store;

/// <summary>
/// The embedded store: one SQLite file in the data directory. Config values (and revisions' environments) are sealed
/// with <paramref name="secrets"/>, by default under the key file beside the database. Timestamps are ISO 8601 text (UTC).
/// </summary>
internal sealed class SqliteStore(string path, SecretBox? secrets = null)
    : SqlStore(secrets ?? new SecretBox(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, SecretBox.KeyFileName)))
{
    /// <summary>Timestamps are ISO 8601 text; these spellings are what shipped, so SQLite files made before stay valid.</summary>
    private static readonly string[] Schema = StoreSchema.For(timestamp: "TEXT", boolean: "INTEGER", identity: "INTEGER PRIMARY KEY AUTOINCREMENT");

    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
    }.ToString();

    internal override IReadOnlyList<string> Migrations => Schema;

    public override string Description => $"the SQLite store {path}";

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var db = new SqliteConnection(_connectionString);
        await db.OpenAsync(cancellationToken);
        await ExecuteAsync(db, null, "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;", cancellationToken);
        return db;
    }

    /// <summary>One file, one server: there is no one else to hold off. Write-ahead logging is switched on once, here.</summary>
    protected override async Task<IAsyncDisposable> LockMigrationsAsync(DbConnection db, CancellationToken cancellationToken)
    {
        await ExecuteAsync(db, null, "PRAGMA journal_mode=WAL", cancellationToken);
        return NoLock.Instance;
    }

    /// <summary>A SQLite transaction here begins IMMEDIATE: it already holds the database's only write lock.</summary>
    protected override Task LockAppAsync(DbConnection db, DbTransaction tx, string app, CancellationToken cancellationToken) => Task.CompletedTask;

    protected override object Timestamp(DateTimeOffset value) => value.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    protected override DateTimeOffset ReadTimestamp(DbDataReader r, int i) =>
        DateTimeOffset.Parse(r.GetString(i), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    protected override async Task<IReadOnlyList<TableShape>> DescribeAsync(DbConnection db, DbTransaction tx, CancellationToken cancellationToken)
    {
        var names = await RowsAsync(db, tx, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name", r => r.GetString(0), cancellationToken);
        var tables = new List<TableShape>();
        foreach (var name in names)
        {
            var columns = await RowsAsync(db, tx, "SELECT name, type FROM pragma_table_info(@t) ORDER BY cid",
                r => (r.GetString(0), Kind(r.GetString(1))), cancellationToken, ("@t", name));
            var references = await RowsAsync(db, tx, "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(@t)", r => r.GetString(0), cancellationToken, ("@t", name));
            // An AUTOINCREMENT key follows explicit values by itself (sqlite_sequence): no identity to advance.
            tables.Add(new TableShape(name, columns, references, Identity: null));
        }

        return tables;
    }

    /// <summary>SQLite's type affinity: timestamps are TEXT here, booleans INTEGER.</summary>
    private static ColumnKind Kind(string declared) =>
        declared.Contains("INT", StringComparison.OrdinalIgnoreCase) ? ColumnKind.Integer
        : declared.Contains("REAL", StringComparison.OrdinalIgnoreCase) || declared.Contains("DOUB", StringComparison.OrdinalIgnoreCase) ? ColumnKind.Real
        : ColumnKind.Text;

    private sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
