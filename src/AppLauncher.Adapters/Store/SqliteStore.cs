using System.Globalization;
using System.Text.Json;
using AppLauncher.Core.Apps;
using AppLauncher.Security;
using Microsoft.Data.Sqlite;

namespace AppLauncher.Store;

/// <summary>
/// The embedded store: one SQLite file in the data directory. Config values (and revisions' environments) are sealed
/// with <paramref name="secrets"/>, by default under the key file beside the database.
/// </summary>
internal sealed class SqliteStore(string path, SecretBox? secrets = null) : IStore
{
    private static readonly string[] Migrations =
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

    private readonly SecretBox _secrets = secrets ?? new SecretBox(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, SecretBox.KeyFileName));

    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
    }.ToString();

    private const string AppSelect = "SELECT name, created_at, current_revision FROM apps";

    private const string RevisionSelect =
        "SELECT name, app, number, image, image_id, commit_sha, buildpack, created_at, released_at, port, health_path, config, change, actor, branch, app_file FROM revisions";

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        await ExecuteAsync(db, null, "PRAGMA journal_mode=WAL; CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);", cancellationToken);
        var version = await ScalarAsync<long?>(db, null, "SELECT MAX(version) FROM schema_version", cancellationToken) ?? 0;
        for (var i = (int)version; i < Migrations.Length; i++)
        {
            await using var tx = (SqliteTransaction)await db.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync(db, tx, Migrations[i], cancellationToken);
            await ExecuteAsync(db, tx, "INSERT INTO schema_version (version) VALUES ($v)", cancellationToken, ("$v", i + 1));
            await tx.CommitAsync(cancellationToken);
        }

        // Fail at start, not at the first deploy, when encrypted values exist but their key does not.
        var sealedValue = await ScalarAsync<string?>(db, null,
            "SELECT value FROM config_vars UNION ALL SELECT config FROM revisions WHERE config IS NOT NULL LIMIT 1", cancellationToken);
        if (sealedValue is not null)
        {
            _secrets.CheckKeyOf(sealedValue, "the store");
        }
    }

    public async Task<AppRecord?> GetAppAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        var rows = await QueryAsync(db, AppSelect + " WHERE name = $name", ReadApp, cancellationToken, ("$name", name));
        return rows.SingleOrDefault();
    }

    public async Task<IReadOnlyList<AppRecord>> ListAppsAsync(CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return await QueryAsync(db, AppSelect + " ORDER BY name", ReadApp, cancellationToken);
    }

    public async Task<AppRecord> EnsureAppAsync(string name, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using (var db = await OpenAsync(cancellationToken))
        {
            await ExecuteAsync(db, null, "INSERT OR IGNORE INTO apps (name, created_at) VALUES ($name, $now)", cancellationToken, ("$name", name), ("$now", Format(now)));
        }

        return (await GetAppAsync(name, cancellationToken))!;
    }

    public async Task<long> StartBuildAsync(string app, string commit, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return await ScalarAsync<long>(db, null,
            "INSERT INTO builds (app, commit_sha, status, started_at) VALUES ($app, $commit, $status, $now) RETURNING id", cancellationToken,
            ("$app", app), ("$commit", commit), ("$status", BuildStatus.Running), ("$now", Format(now)));
    }

    public async Task FinishBuildAsync(long id, string status, string? buildpack, string? error, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        await ExecuteAsync(db, null,
            "UPDATE builds SET status = $status, buildpack = $buildpack, error = $error, finished_at = $now WHERE id = $id", cancellationToken,
            ("$id", id), ("$status", status), ("$buildpack", buildpack), ("$error", error), ("$now", Format(now)));
    }

    public async Task<IReadOnlyList<BuildRecord>> ListBuildsAsync(string app, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return await QueryAsync(db,
            "SELECT id, app, commit_sha, buildpack, status, started_at, finished_at, error FROM builds WHERE app = $app ORDER BY id DESC",
            r => new BuildRecord(r.GetInt64(0), r.GetString(1), r.GetString(2), NullableString(r, 3), r.GetString(4),
                Parse(r.GetString(5)), r.IsDBNull(6) ? null : Parse(r.GetString(6)), NullableString(r, 7)),
            cancellationToken, ("$app", app));
    }

    public async Task<RevisionRecord> AddRevisionAsync(string app, string image, string imageId, string commit, string buildpack, DateTimeOffset now, CancellationToken cancellationToken, int? port = null, string? healthPath = null,
        IReadOnlyDictionary<string, string>? env = null, string? change = null, string? actor = null, string? branch = null, string? appFile = null)
    {
        await using var db = await OpenAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await db.BeginTransactionAsync(cancellationToken);
        var number = (int)await ScalarAsync<long>(db, tx, "SELECT COALESCE(MAX(number), 0) + 1 FROM revisions WHERE app = $app", cancellationToken, ("$app", app));
        var name = RevisionNames.For(app, number);
        var snapshot = env is null ? null : new Dictionary<string, string>(env, StringComparer.Ordinal);
        var revision = new RevisionRecord(name, app, number, image, imageId, commit, buildpack, now, Port: port, HealthPath: healthPath, Env: snapshot, Change: change, Actor: actor, Branch: branch, AppFile: appFile);
        await ExecuteAsync(db, tx,
            """
            INSERT INTO revisions (name, app, number, image, image_id, commit_sha, buildpack, created_at, port, health_path, config, change, actor, branch, app_file)
            VALUES ($name, $app, $number, $image, $imageId, $commit, $buildpack, $createdAt, $port, $healthPath, $config, $change, $actor, $branch, $appFile)
            """, cancellationToken,
            ("$name", revision.Name), ("$app", app), ("$number", number), ("$image", image), ("$imageId", imageId),
            ("$commit", commit), ("$buildpack", buildpack), ("$createdAt", Format(now)), ("$port", port), ("$healthPath", healthPath),
            ("$config", snapshot is null ? null : _secrets.Seal(JsonSerializer.Serialize(snapshot), RevisionContext(name))), ("$change", change), ("$actor", actor), ("$branch", branch), ("$appFile", appFile));
        await tx.CommitAsync(cancellationToken);
        return revision;
    }

    public async Task<RevisionRecord?> GetRevisionAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        var rows = await QueryAsync(db, RevisionSelect + " WHERE name = $name", ReadRevision, cancellationToken, ("$name", name));
        return rows.SingleOrDefault();
    }

    public async Task<IReadOnlyList<RevisionRecord>> ListRevisionsAsync(string app, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return await QueryAsync(db, RevisionSelect + " WHERE app = $app ORDER BY number DESC", ReadRevision, cancellationToken, ("$app", app));
    }

    public async Task SetCurrentRevisionAsync(string app, string revision, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await db.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(db, tx, "UPDATE apps SET current_revision = $revision WHERE name = $app", cancellationToken, ("$app", app), ("$revision", revision));
        await ExecuteAsync(db, tx, "UPDATE revisions SET released_at = $now WHERE name = $revision", cancellationToken,
            ("$revision", revision), ("$now", Format(now)));
        await tx.CommitAsync(cancellationToken);
    }

    public async Task<string?> GetAutoscalingAsync(string app, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return await ScalarAsync<string?>(db, null, "SELECT autoscaling FROM apps WHERE name = $app", cancellationToken, ("$app", app));
    }

    public async Task SetAutoscalingAsync(string app, string policyJson, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        await ExecuteAsync(db, null, "UPDATE apps SET autoscaling = $policy WHERE name = $app", cancellationToken, ("$app", app), ("$policy", policyJson));
    }

    public async Task<string?> GetTrafficAsync(string app, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return await ScalarAsync<string?>(db, null, "SELECT traffic FROM apps WHERE name = $app", cancellationToken, ("$app", app));
    }

    public async Task SetTrafficAsync(string app, string trafficJson, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        await ExecuteAsync(db, null, "UPDATE apps SET traffic = $traffic WHERE name = $app", cancellationToken, ("$app", app), ("$traffic", trafficJson));
    }

    public async Task<bool> DeleteAppAsync(string app, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await db.BeginTransactionAsync(cancellationToken);
        foreach (var table in new[] { "domains", "config_vars", "revisions", "builds" })
        {
            await ExecuteAsync(db, tx, $"DELETE FROM {table} WHERE app = $app", cancellationToken, ("$app", app));
        }

        var removed = await ScalarAsync<long>(db, tx, "DELETE FROM apps WHERE name = $app RETURNING 1", cancellationToken, ("$app", app));
        await tx.CommitAsync(cancellationToken);
        return removed == 1;
    }

    public async Task<bool> AddDomainAsync(string domain, string app, string token, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        var added = await ScalarAsync<long>(db, null,
            "INSERT OR IGNORE INTO domains (name, app, status, token, created_at) VALUES ($name, $app, $status, $token, $now) RETURNING 1", cancellationToken,
            ("$name", domain), ("$app", app), ("$status", DomainStatus.Pending), ("$token", token), ("$now", Format(now)));
        return added == 1;
    }

    public async Task<DomainRecord?> GetDomainAsync(string domain, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return (await QueryAsync(db, DomainSelect + " WHERE name = $name", ReadDomain, cancellationToken, ("$name", domain))).SingleOrDefault();
    }

    public async Task<IReadOnlyList<DomainRecord>> ListDomainsAsync(string? app, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return app is null
            ? await QueryAsync(db, DomainSelect + " ORDER BY name", ReadDomain, cancellationToken)
            : await QueryAsync(db, DomainSelect + " WHERE app = $app ORDER BY name", ReadDomain, cancellationToken, ("$app", app));
    }

    public async Task SetDomainVerifiedAsync(string domain, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        await ExecuteAsync(db, null, "UPDATE domains SET status = $status, verified_at = $now WHERE name = $name", cancellationToken,
            ("$name", domain), ("$status", DomainStatus.Verified), ("$now", Format(now)));
    }

    public async Task<bool> RemoveDomainAsync(string domain, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return await ScalarAsync<long>(db, null, "DELETE FROM domains WHERE name = $name RETURNING 1", cancellationToken, ("$name", domain)) == 1;
    }

    private const string DomainSelect = "SELECT name, app, status, token, created_at, verified_at FROM domains";

    private static DomainRecord ReadDomain(SqliteDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), Parse(r.GetString(4)), r.IsDBNull(5) ? null : Parse(r.GetString(5)));

    private static AppRecord ReadApp(SqliteDataReader r) =>
        new(r.GetString(0), Parse(r.GetString(1)), NullableString(r, 2));

    private RevisionRecord ReadRevision(SqliteDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), Parse(r.GetString(7)),
            r.IsDBNull(8) ? null : Parse(r.GetString(8)), r.IsDBNull(9) ? null : r.GetInt32(9), NullableString(r, 10),
            r.IsDBNull(11) ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(_secrets.Open(r.GetString(11), RevisionContext(r.GetString(0)))),
            NullableString(r, 12), NullableString(r, 13), NullableString(r, 14), NullableString(r, 15));

    public async Task<IReadOnlyList<ConfigVarRecord>> ListConfigAsync(string app, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return await QueryAsync(db,
            "SELECT app, key, value, secret, updated_at, updated_by FROM config_vars WHERE app = $app ORDER BY key",
            r => new ConfigVarRecord(r.GetString(0), r.GetString(1), _secrets.Open(r.GetString(2), ConfigVarContext(r.GetString(0), r.GetString(1))),
                r.GetInt64(3) != 0, Parse(r.GetString(4)), NullableString(r, 5)),
            cancellationToken, ("$app", app));
    }

    public async Task ChangeConfigAsync(string app, IReadOnlyDictionary<string, ConfigValue> set, IReadOnlyList<string> unset, string? actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await db.BeginTransactionAsync(cancellationToken);
        foreach (var (key, value) in set)
        {
            await ExecuteAsync(db, tx,
                """
                INSERT INTO config_vars (app, key, value, secret, updated_at, updated_by) VALUES ($app, $key, $value, $secret, $now, $actor)
                ON CONFLICT (app, key) DO UPDATE SET value = excluded.value, secret = excluded.secret, updated_at = excluded.updated_at, updated_by = excluded.updated_by
                """, cancellationToken,
                ("$app", app), ("$key", key), ("$value", _secrets.Seal(value.Value, ConfigVarContext(app, key))), ("$secret", value.Secret ? 1 : 0),
                ("$now", Format(now)), ("$actor", actor));
        }

        foreach (var key in unset)
        {
            await ExecuteAsync(db, tx, "DELETE FROM config_vars WHERE app = $app AND key = $key", cancellationToken, ("$app", app), ("$key", key));
        }

        await tx.CommitAsync(cancellationToken);
    }

    private static string ConfigVarContext(string app, string key) => $"config var {key} of {app}";

    private static string RevisionContext(string revision) => $"the environment of {revision}";

    private static string? NullableString(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static string Format(DateTimeOffset value) => value.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var db = new SqliteConnection(_connectionString);
        await db.OpenAsync(cancellationToken);
        await ExecuteAsync(db, null, "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;", cancellationToken);
        return db;
    }

    private static SqliteCommand Command(SqliteConnection db, SqliteTransaction? tx, string sql, (string Name, object? Value)[] parameters)
    {
        var command = db.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private static async Task ExecuteAsync(SqliteConnection db, SqliteTransaction? tx, string sql, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var command = Command(db, tx, sql, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<T> ScalarAsync<T>(SqliteConnection db, SqliteTransaction? tx, string sql, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var command = Command(db, tx, sql, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? default! : (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), CultureInfo.InvariantCulture);
    }

    private static async Task<List<T>> QueryAsync<T>(SqliteConnection db, string sql, Func<SqliteDataReader, T> read, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var command = Command(db, null, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
