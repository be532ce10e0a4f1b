using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AppLauncher.Core.Apps;
using AppLauncher.Security;

namespace AppLauncher.Store;

/// <summary>
/// The store's queries and mapping, shared by every SQL database it runs on (<see cref="SqliteStore"/>,
/// <see cref="PostgresStore"/>). A provider supplies its connections, its migrations (one schema, in its own types),
/// how it writes and reads a timestamp, and the locks that make migrations and revision numbering safe.
/// Config values (and revisions' environments) are sealed with <paramref name="secrets"/>.
/// </summary>
internal abstract partial class SqlStore(SecretBox secrets) : IStore, IIdentityStore, IRemoteStore
{
    private const string AppSelect = "SELECT name, created_at, current_revision, team FROM apps";

    private const string RevisionSelect =
        "SELECT name, app, number, image, image_id, commit_sha, buildpack, created_at, released_at, port, health_path, config, change, actor, branch, app_file, processes, no_web, remote, source_ref FROM revisions";

    private const string DomainSelect = "SELECT name, app, status, token, created_at, verified_at FROM domains";

    private const string KeyCheckSelect = "SELECT value FROM store_meta WHERE key = @key";

    private const string KeyCheckName = "secrets key check";

    private volatile bool _keyChecked;

    /// <summary>Forward-only: migration <c>i</c> takes the schema from version <c>i</c> to <c>i + 1</c>; never edit one that shipped.</summary>
    internal abstract IReadOnlyList<string> Migrations { get; }

    /// <summary>What the store is, for messages: a file path, or host, port and database (never a password).</summary>
    public abstract string Description { get; }

    protected abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Holds off other servers migrating the same database until the returned handle is disposed.</summary>
    protected abstract Task<IAsyncDisposable> LockMigrationsAsync(DbConnection db, CancellationToken cancellationToken);

    /// <summary>Inside <paramref name="tx"/>, waits for any other transaction numbering a revision of <paramref name="app"/>.</summary>
    protected abstract Task LockAppAsync(DbConnection db, DbTransaction tx, string app, CancellationToken cancellationToken);

    protected abstract object Timestamp(DateTimeOffset value);

    protected abstract DateTimeOffset ReadTimestamp(DbDataReader r, int i);

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        await using (await LockMigrationsAsync(db, cancellationToken))
        {
            await ExecuteAsync(db, null, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)", cancellationToken);
            var version = await ScalarAsync<long?>(db, null, "SELECT MAX(version) FROM schema_version", cancellationToken) ?? 0;
            if (version > Migrations.Count)
            {
                throw new StoreException(
                    $"{Description} has schema version {version}, but this AppLauncher knows versions up to {Migrations.Count}: " +
                    $"it was migrated by a newer AppLauncher. Run an AppLauncher whose store reaches schema version {version} or later, or restore a backup made before the upgrade.");
            }

            for (var i = (int)version; i < Migrations.Count; i++)
            {
                await using var tx = await db.BeginTransactionAsync(cancellationToken);
                await ExecuteAsync(db, tx, Migrations[i], cancellationToken);
                await ExecuteAsync(db, tx, "INSERT INTO schema_version (version) VALUES (@v)", cancellationToken, ("@v", i + 1));
                await tx.CommitAsync(cancellationToken);
            }
        }

        // Fail at start, not at the first deploy, when encrypted values exist but their key does not.
        var sealedValue = await ScalarAsync<string?>(db, null,
            "SELECT value FROM config_vars UNION ALL SELECT config FROM revisions WHERE config IS NOT NULL LIMIT 1", cancellationToken);
        if (sealedValue is not null)
        {
            secrets.CheckKeyOf(sealedValue, "the store");
        }

        // Every server on one database must hold the key that sealed it (replicas share the database, not the key file).
        if (secrets.HasKey || await ScalarAsync<string?>(db, null, KeyCheckSelect, cancellationToken, ("@key", KeyCheckName)) is not null)
        {
            await CheckKeyAsync(db, cancellationToken);
        }
    }

    /// <summary>
    /// Records which key seals this database (a value sealed under it, in <c>store_meta</c>) the first time a server that
    /// holds a key meets it, and refuses a server whose key is another one — before it seals anything the others could not
    /// open. Checked at start and before the first value this process seals.
    /// </summary>
    private async Task CheckKeyAsync(DbConnection db, CancellationToken cancellationToken)
    {
        if (_keyChecked)
        {
            return;
        }

        var check = await ScalarAsync<string?>(db, null, KeyCheckSelect, cancellationToken, ("@key", KeyCheckName));
        if (check is null)
        {
            await ExecuteAsync(db, null, "INSERT INTO store_meta (key, value) VALUES (@key, @value) ON CONFLICT DO NOTHING", cancellationToken,
                ("@key", KeyCheckName), ("@value", secrets.Seal(KeyCheckName, KeyCheckName)));
            // Another server may have written its own first: read back whichever won.
            check = await ScalarAsync<string?>(db, null, KeyCheckSelect, cancellationToken, ("@key", KeyCheckName));
        }

        secrets.CheckKeyOf(check!, $"{Description}'s key check");
        _keyChecked = true;
    }

    public async Task<AppRecord?> GetAppAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        var rows = await QueryAsync(db, AppSelect + " WHERE name = @name", ReadApp, cancellationToken, ("@name", name));
        return rows.SingleOrDefault();
    }

    public async Task<IReadOnlyList<AppRecord>> ListAppsAsync(CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return await QueryAsync(db, AppSelect + " ORDER BY name", ReadApp, cancellationToken);
    }

    public async Task<AppRecord> EnsureAppAsync(string name, DateTimeOffset now, CancellationToken cancellationToken, string? team = null)
    {
        await using (var db = await OpenAsync(cancellationToken))
        {
            await ExecuteAsync(db, null, "INSERT INTO apps (name, created_at, team) VALUES (@name, @now, @team) ON CONFLICT DO NOTHING", cancellationToken,
                ("@name", name), ("@now", Timestamp(now)), ("@team", team ?? Teams.Default));
        }

        return (await GetAppAsync(name, cancellationToken))!;
    }

    public async Task<long> StartBuildAsync(string app, string commit, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return await ScalarAsync<long>(db, null,
            "INSERT INTO builds (app, commit_sha, status, started_at) VALUES (@app, @commit, @status, @now) RETURNING id", cancellationToken,
            ("@app", app), ("@commit", commit), ("@status", BuildStatus.Running), ("@now", Timestamp(now)));
    }

    public async Task FinishBuildAsync(long id, string status, string? buildpack, string? error, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        await ExecuteAsync(db, null,
            "UPDATE builds SET status = @status, buildpack = @buildpack, error = @error, finished_at = @now WHERE id = @id", cancellationToken,
            ("@id", id), ("@status", status), ("@buildpack", buildpack), ("@error", error), ("@now", Timestamp(now)));
    }

    public async Task<IReadOnlyList<BuildRecord>> ListBuildsAsync(string app, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return await QueryAsync(db,
            "SELECT id, app, commit_sha, buildpack, status, started_at, finished_at, error FROM builds WHERE app = @app ORDER BY id DESC",
            r => new BuildRecord(r.GetInt64(0), r.GetString(1), r.GetString(2), NullableString(r, 3), r.GetString(4),
                ReadTimestamp(r, 5), NullableTimestamp(r, 6), NullableString(r, 7)),
            cancellationToken, ("@app", app));
    }

    public async Task<RevisionRecord> AddRevisionAsync(string app, string image, string imageId, string commit, string buildpack, DateTimeOffset now, CancellationToken cancellationToken, int? port = null, string? healthPath = null,
        IReadOnlyDictionary<string, string>? env = null, string? change = null, string? actor = null, string? branch = null, string? appFile = null, IReadOnlyDictionary<string, string>? processes = null, bool noWeb = false,
        string? remote = null, string? sourceRef = null)
    {
        await using var db = await OpenAsync(cancellationToken);
        if (env is not null)
        {
            await CheckKeyAsync(db, cancellationToken);
        }

        await using var tx = await db.BeginTransactionAsync(cancellationToken);
        await LockAppAsync(db, tx, app, cancellationToken);
        var number = (int)await ScalarAsync<long>(db, tx, "SELECT COALESCE(MAX(number), 0) + 1 FROM revisions WHERE app = @app", cancellationToken, ("@app", app));
        var name = RevisionNames.For(app, number);
        var snapshot = env is null ? null : new Dictionary<string, string>(env, StringComparer.Ordinal);
        var revision = new RevisionRecord(name, app, number, image, imageId, commit, buildpack, now, Port: port, HealthPath: healthPath, Env: snapshot, Change: change, Actor: actor, Branch: branch, AppFile: appFile, Processes: processes is { Count: > 0 } ? processes : null, NoWeb: noWeb, Remote: remote, Ref: sourceRef);
        await ExecuteAsync(db, tx,
            """
            INSERT INTO revisions (name, app, number, image, image_id, commit_sha, buildpack, created_at, port, health_path, config, change, actor, branch, app_file, processes, no_web, remote, source_ref)
            VALUES (@name, @app, @number, @image, @imageId, @commit, @buildpack, @createdAt, @port, @healthPath, @config, @change, @actor, @branch, @appFile, @processes, @noWeb, @remote, @sourceRef)
            """, cancellationToken,
            ("@name", revision.Name), ("@app", app), ("@number", number), ("@image", image), ("@imageId", imageId),
            ("@commit", commit), ("@buildpack", buildpack), ("@createdAt", Timestamp(now)), ("@port", port), ("@healthPath", healthPath),
            ("@config", snapshot is null ? null : secrets.Seal(JsonSerializer.Serialize(snapshot), RevisionContext(name))), ("@change", change), ("@actor", actor), ("@branch", branch), ("@appFile", appFile),
            ("@processes", revision.Processes is null ? null : JsonSerializer.Serialize(revision.Processes)), ("@noWeb", noWeb ? true : null), ("@remote", remote), ("@sourceRef", sourceRef));
        await tx.CommitAsync(cancellationToken);
        return revision;
    }

    public async Task<RevisionRecord?> GetRevisionAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        var rows = await QueryAsync(db, RevisionSelect + " WHERE name = @name", ReadRevision, cancellationToken, ("@name", name));
        return rows.SingleOrDefault();
    }

    public async Task<IReadOnlyList<RevisionRecord>> ListRevisionsAsync(string app, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return await QueryAsync(db, RevisionSelect + " WHERE app = @app ORDER BY number DESC", ReadRevision, cancellationToken, ("@app", app));
    }

    public async Task SetCurrentRevisionAsync(string app, string revision, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        await using var tx = await db.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(db, tx, "UPDATE apps SET current_revision = @revision WHERE name = @app", cancellationToken, ("@app", app), ("@revision", revision));
        await ExecuteAsync(db, tx, "UPDATE revisions SET released_at = @now WHERE name = @revision", cancellationToken,
            ("@revision", revision), ("@now", Timestamp(now)));
        await tx.CommitAsync(cancellationToken);
    }

    public async Task<string?> GetAutoscalingAsync(string app, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return await ScalarAsync<string?>(db, null, "SELECT autoscaling FROM apps WHERE name = @app", cancellationToken, ("@app", app));
    }

    public async Task SetAutoscalingAsync(string app, string policyJson, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        await ExecuteAsync(db, null, "UPDATE apps SET autoscaling = @policy WHERE name = @app", cancellationToken, ("@app", app), ("@policy", policyJson));
    }

    public async Task<string?> GetFormationAsync(string app, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return await ScalarAsync<string?>(db, null, "SELECT formation FROM apps WHERE name = @app", cancellationToken, ("@app", app));
    }

    public async Task SetFormationAsync(string app, string formationJson, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        await ExecuteAsync(db, null, "UPDATE apps SET formation = @formation WHERE name = @app", cancellationToken, ("@app", app), ("@formation", formationJson));
    }

    public async Task<int> AddProcessRestartAsync(string app, string revision, string type, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        await using var tx = await db.BeginTransactionAsync(cancellationToken);
        // Only the app's current revision crashes count (older ones are drained, not replaced): their counts go.
        await ExecuteAsync(db, tx, "DELETE FROM process_restarts WHERE app = @app AND revision <> @revision", cancellationToken, ("@app", app), ("@revision", revision));
        var restarts = (int)await ScalarAsync<long>(db, tx,
            """
            INSERT INTO process_restarts (app, revision, type, restarts) VALUES (@app, @revision, @type, 1)
            ON CONFLICT (revision, type) DO UPDATE SET restarts = process_restarts.restarts + 1
            RETURNING restarts
            """, cancellationToken, ("@app", app), ("@revision", revision), ("@type", type));
        await tx.CommitAsync(cancellationToken);
        return restarts;
    }

    public async Task<IReadOnlyDictionary<string, int>> ListProcessRestartsAsync(string? app, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        var rows = await QueryAsync(db,
            "SELECT revision, type, restarts FROM process_restarts" + (app is null ? "" : " WHERE app = @app"),
            r => (Key: $"{r.GetString(0)}/{r.GetString(1)}", Count: (int)r.GetInt64(2)), cancellationToken, app is null ? [] : [("@app", app)]);
        return rows.ToDictionary(r => r.Key, r => r.Count, StringComparer.Ordinal);
    }

    public async Task AddCronRunAsync(CronRunRecord run, int keep, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        await using var tx = await db.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(db, tx,
            """
            INSERT INTO cron_runs (app, job, status, scheduled_at, started_at, duration_seconds, exit_code, output)
            VALUES (@app, @job, @status, @scheduledAt, @startedAt, @duration, @exitCode, @output)
            """, cancellationToken,
            ("@app", run.App), ("@job", run.Job), ("@status", run.Status), ("@scheduledAt", Timestamp(run.ScheduledAt)), ("@startedAt", Timestamp(run.StartedAt)),
            ("@duration", run.DurationSeconds), ("@exitCode", run.ExitCode), ("@output", run.Output));
        await ExecuteAsync(db, tx,
            """
            DELETE FROM cron_runs WHERE app = @app AND job = @job AND id NOT IN
                (SELECT id FROM cron_runs WHERE app = @app AND job = @job ORDER BY id DESC LIMIT @keep)
            """, cancellationToken, ("@app", run.App), ("@job", run.Job), ("@keep", keep));
        await tx.CommitAsync(cancellationToken);
    }

    public async Task<long> AddAlertNotificationAsync(AlertNotificationRecord n, int keep, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        var id = await ScalarAsync<long>(db, null, """
            INSERT INTO alert_history (rule, app, notice, condition, value, message, at, webhook, delivery, attempts, error)
            VALUES (@rule, @app, @notice, @condition, @value, @message, @at, @webhook, @delivery, @attempts, @error) RETURNING id
            """, cancellationToken,
            ("@rule", n.Rule), ("@app", n.App), ("@notice", n.Notice), ("@condition", n.Condition), ("@value", n.Value), ("@message", n.Message),
            ("@at", Timestamp(n.At)), ("@webhook", n.Webhook), ("@delivery", n.Delivery), ("@attempts", n.Attempts), ("@error", n.Error));
        await ExecuteAsync(db, null, "DELETE FROM alert_history WHERE id NOT IN (SELECT id FROM alert_history ORDER BY id DESC LIMIT @keep)", cancellationToken, ("@keep", keep));
        return id;
    }

    public async Task SetAlertDeliveryAsync(long id, string delivery, int attempts, string? error, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        await ExecuteAsync(db, null, "UPDATE alert_history SET delivery = @delivery, attempts = @attempts, error = @error WHERE id = @id", cancellationToken,
            ("@id", id), ("@delivery", delivery), ("@attempts", attempts), ("@error", error));
    }

    public async Task<IReadOnlyList<AlertNotificationRecord>> ListAlertHistoryAsync(string? app, int limit, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return await QueryAsync(db,
            "SELECT id, rule, app, notice, condition, value, message, at, webhook, delivery, attempts, error FROM alert_history"
            + (app is null ? "" : " WHERE app = @app") + " ORDER BY id DESC LIMIT @limit",
            r => new AlertNotificationRecord(r.GetInt64(0), r.GetString(1), NullableString(r, 2), r.GetString(3), r.GetString(4), r.IsDBNull(5) ? null : r.GetDouble(5),
                r.GetString(6), ReadTimestamp(r, 7), r.GetString(8), r.GetString(9), r.GetInt32(10), NullableString(r, 11)),
            cancellationToken, ("@app", app ?? ""), ("@limit", limit));
    }

    public async Task<IReadOnlyList<CronRunRecord>> ListCronRunsAsync(string app, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return await QueryAsync(db,
            "SELECT id, app, job, status, scheduled_at, started_at, duration_seconds, exit_code, output FROM cron_runs WHERE app = @app ORDER BY id DESC",
            r => new CronRunRecord(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), ReadTimestamp(r, 4), ReadTimestamp(r, 5),
                r.IsDBNull(6) ? null : r.GetDouble(6), r.IsDBNull(7) ? null : r.GetInt32(7), NullableString(r, 8)),
            cancellationToken, ("@app", app));
    }

    public async Task<string?> GetTrafficAsync(string app, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return await ScalarAsync<string?>(db, null, "SELECT traffic FROM apps WHERE name = @app", cancellationToken, ("@app", app));
    }

    public async Task SetTrafficAsync(string app, string trafficJson, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        await ExecuteAsync(db, null, "UPDATE apps SET traffic = @traffic WHERE name = @app", cancellationToken, ("@app", app), ("@traffic", trafficJson));
    }

    public async Task<bool> DeleteAppAsync(string app, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        await using var tx = await db.BeginTransactionAsync(cancellationToken);
        foreach (var table in new[] { "process_restarts", "webhook_deliveries", "remote_refs", "remotes", "cron_runs", "certificates", "domains", "config_vars", "revisions", "builds", "tokens" })
        {
            await ExecuteAsync(db, tx, $"DELETE FROM {table} WHERE app = @app", cancellationToken, ("@app", app));
        }

        var removed = await ScalarAsync<long>(db, tx, "DELETE FROM apps WHERE name = @app RETURNING 1", cancellationToken, ("@app", app));
        await tx.CommitAsync(cancellationToken);
        return removed == 1;
    }

    public async Task<bool> AddDomainAsync(string domain, string app, string token, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        var added = await ScalarAsync<long>(db, null,
            "INSERT INTO domains (name, app, status, token, created_at) VALUES (@name, @app, @status, @token, @now) ON CONFLICT DO NOTHING RETURNING 1", cancellationToken,
            ("@name", domain), ("@app", app), ("@status", DomainStatus.Pending), ("@token", token), ("@now", Timestamp(now)));
        return added == 1;
    }

    public async Task<DomainRecord?> GetDomainAsync(string domain, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return (await QueryAsync(db, DomainSelect + " WHERE name = @name", ReadDomain, cancellationToken, ("@name", domain))).SingleOrDefault();
    }

    public async Task<IReadOnlyList<DomainRecord>> ListDomainsAsync(string? app, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return app is null
            ? await QueryAsync(db, DomainSelect + " ORDER BY name", ReadDomain, cancellationToken)
            : await QueryAsync(db, DomainSelect + " WHERE app = @app ORDER BY name", ReadDomain, cancellationToken, ("@app", app));
    }

    public async Task SetDomainVerifiedAsync(string domain, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        await ExecuteAsync(db, null, "UPDATE domains SET status = @status, verified_at = @now WHERE name = @name", cancellationToken,
            ("@name", domain), ("@status", DomainStatus.Verified), ("@now", Timestamp(now)));
    }

    public async Task<bool> RemoveDomainAsync(string domain, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return await ScalarAsync<long>(db, null, "DELETE FROM domains WHERE name = @name RETURNING 1", cancellationToken, ("@name", domain)) == 1;
    }

    public async Task<IReadOnlyList<ConfigVarRecord>> ListConfigAsync(string app, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return await QueryAsync(db,
            "SELECT app, key, value, secret, updated_at, updated_by FROM config_vars WHERE app = @app ORDER BY key",
            r => new ConfigVarRecord(r.GetString(0), r.GetString(1), secrets.Open(r.GetString(2), ConfigVarContext(r.GetString(0), r.GetString(1))),
                r.GetBoolean(3), ReadTimestamp(r, 4), NullableString(r, 5)),
            cancellationToken, ("@app", app));
    }

    public async Task ChangeConfigAsync(string app, IReadOnlyDictionary<string, ConfigValue> set, IReadOnlyList<string> unset, string? actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        if (set.Count > 0)
        {
            await CheckKeyAsync(db, cancellationToken);
        }

        await using var tx = await db.BeginTransactionAsync(cancellationToken);
        foreach (var (key, value) in set)
        {
            await ExecuteAsync(db, tx,
                """
                INSERT INTO config_vars (app, key, value, secret, updated_at, updated_by) VALUES (@app, @key, @value, @secret, @now, @actor)
                ON CONFLICT (app, key) DO UPDATE SET value = excluded.value, secret = excluded.secret, updated_at = excluded.updated_at, updated_by = excluded.updated_by
                """, cancellationToken,
                ("@app", app), ("@key", key), ("@value", secrets.Seal(value.Value, ConfigVarContext(app, key))), ("@secret", value.Secret),
                ("@now", Timestamp(now)), ("@actor", actor));
        }

        foreach (var key in unset)
        {
            await ExecuteAsync(db, tx, "DELETE FROM config_vars WHERE app = @app AND key = @key", cancellationToken, ("@app", app), ("@key", key));
        }

        await tx.CommitAsync(cancellationToken);
    }

    private DomainRecord ReadDomain(DbDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), ReadTimestamp(r, 4), NullableTimestamp(r, 5));

    private AppRecord ReadApp(DbDataReader r) =>
        new(r.GetString(0), ReadTimestamp(r, 1), NullableString(r, 2), r.GetString(3));

    private RevisionRecord ReadRevision(DbDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), ReadTimestamp(r, 7),
            NullableTimestamp(r, 8), r.IsDBNull(9) ? null : r.GetInt32(9), NullableString(r, 10),
            r.IsDBNull(11) ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(secrets.Open(r.GetString(11), RevisionContext(r.GetString(0)))),
            NullableString(r, 12), NullableString(r, 13), NullableString(r, 14), NullableString(r, 15),
            r.IsDBNull(16) ? null : JsonSerializer.Deserialize<SortedDictionary<string, string>>(r.GetString(16)),
            !r.IsDBNull(17) && r.GetBoolean(17), NullableString(r, 18), NullableString(r, 19));

    private static string ConfigVarContext(string app, string key) => $"config var {key} of {app}";

    private static string RevisionContext(string revision) => $"the environment of {revision}";

    protected static string? NullableString(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    protected DateTimeOffset? NullableTimestamp(DbDataReader r, int i) => r.IsDBNull(i) ? null : ReadTimestamp(r, i);

    private static DbCommand Command(DbConnection db, DbTransaction? tx, string sql, (string Name, object? Value)[] parameters)
    {
        var command = db.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    /// <summary>Where statement durations go; set by the host when it has a meter factory (null in bare stores).</summary>
    public StoreLatency? Latency { get; set; }

    protected async Task ExecuteAsync(DbConnection db, DbTransaction? tx, string sql, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var command = Command(db, tx, sql, parameters);
        var started = Stopwatch.GetTimestamp();
        await command.ExecuteNonQueryAsync(cancellationToken);
        Latency?.Record(sql, started);
    }

    protected async Task<T> ScalarAsync<T>(DbConnection db, DbTransaction? tx, string sql, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var command = Command(db, tx, sql, parameters);
        var started = Stopwatch.GetTimestamp();
        var value = await command.ExecuteScalarAsync(cancellationToken);
        Latency?.Record(sql, started);
        return value is null or DBNull ? default! : (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), CultureInfo.InvariantCulture);
    }

    protected async Task<List<T>> QueryAsync<T>(DbConnection db, string sql, Func<DbDataReader, T> read, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var command = Command(db, null, sql, parameters);
        var started = Stopwatch.GetTimestamp();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        Latency?.Record(sql, started);
        return rows;
    }
}
