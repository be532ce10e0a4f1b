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
    private static readonly string[] Schema =
    [
        """
        CREATE TABLE apps (
            name TEXT PRIMARY KEY,
            created_at TEXT NOT NULL,
            current_revision TEXT NULL
        );
        CREATE TABLE builds (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            app TEXT NOT NULL REFERENCES apps(name),
            commit_sha TEXT NOT NULL,
            buildpack TEXT NULL,
            status TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT NULL,
            error TEXT NULL
        );
        CREATE INDEX builds_app ON builds(app, id);
        CREATE TABLE revisions (
            name TEXT PRIMARY KEY,
            app TEXT NOT NULL REFERENCES apps(name),
            number INTEGER NOT NULL,
            image TEXT NOT NULL,
            image_id TEXT NOT NULL,
            commit_sha TEXT NOT NULL,
            buildpack TEXT NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE (app, number)
        );
        """,
        """
        ALTER TABLE apps ADD COLUMN autoscaling TEXT NULL;
        ALTER TABLE revisions ADD COLUMN released_at TEXT NULL;
        """,
        """
        CREATE TABLE domains (
            name TEXT PRIMARY KEY,
            app TEXT NOT NULL REFERENCES apps(name),
            status TEXT NOT NULL,
            token TEXT NOT NULL,
            created_at TEXT NOT NULL,
            verified_at TEXT NULL
        );
        CREATE INDEX domains_app ON domains(app, name);
        """,
        """
        ALTER TABLE revisions ADD COLUMN port INTEGER NULL;
        """,
        """
        ALTER TABLE revisions ADD COLUMN health_path TEXT NULL;
        """,
        """
        ALTER TABLE apps ADD COLUMN traffic TEXT NULL;
        ALTER TABLE revisions ADD COLUMN branch TEXT NULL;
        """,
        """
        CREATE TABLE config_vars (
            app TEXT NOT NULL REFERENCES apps(name),
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            secret INTEGER NOT NULL,
            updated_at TEXT NOT NULL,
            updated_by TEXT NULL,
            PRIMARY KEY (app, key)
        );
        ALTER TABLE revisions ADD COLUMN config TEXT NULL;
        ALTER TABLE revisions ADD COLUMN change TEXT NULL;
        ALTER TABLE revisions ADD COLUMN actor TEXT NULL;
        """,
        """
        ALTER TABLE revisions ADD COLUMN app_file TEXT NULL;
        """,
    ];

    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
    }.ToString();

    internal override IReadOnlyList<string> Migrations => Schema;

    internal override string Description => $"the SQLite store {path}";

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

    private sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
