using System.Data.Common;

namespace AppLauncher.Store;

/// <summary>The remotes half of the store: connected apps, the refs they acted on, webhook deliveries seen.</summary>
internal abstract partial class SqlStore
{
    private const string RemoteSelect =
        "SELECT app, url, branch, tags, previews, credentials, webhook_secret, poll_seconds, status, error, checked_at, created_at FROM remotes";

    public async Task SetRemoteAsync(RemoteRecord remote, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        await CheckKeyAsync(db, cancellationToken);
        await using var tx = await db.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(db, tx, "DELETE FROM remote_refs WHERE app = @app", cancellationToken, ("@app", remote.App));
        await ExecuteAsync(db, tx, "DELETE FROM remotes WHERE app = @app", cancellationToken, ("@app", remote.App));
        await ExecuteAsync(db, tx,
            """
            INSERT INTO remotes (app, url, branch, tags, previews, credentials, webhook_secret, poll_seconds, status, error, checked_at, created_at)
            VALUES (@app, @url, @branch, @tags, @previews, @credentials, @secret, @poll, @status, @error, @checked, @created)
            """, cancellationToken,
            ("@app", remote.App), ("@url", remote.Url), ("@branch", remote.Branch), ("@tags", remote.Tags), ("@previews", remote.Previews),
            ("@credentials", remote.Credentials is null ? null : secrets.Seal(remote.Credentials, CredentialsContext(remote.App))),
            ("@secret", secrets.Seal(remote.WebhookSecret, WebhookSecretContext(remote.App))), ("@poll", remote.PollSeconds),
            ("@status", remote.Status), ("@error", remote.Error), ("@checked", remote.CheckedAt is { } c ? Timestamp(c) : null), ("@created", Timestamp(remote.CreatedAt)));
        await tx.CommitAsync(cancellationToken);
    }

    public async Task<RemoteRecord?> GetRemoteAsync(string app, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return (await QueryAsync(db, RemoteSelect + " WHERE app = @app", ReadRemote, cancellationToken, ("@app", app))).SingleOrDefault();
    }

    public async Task<IReadOnlyList<RemoteRecord>> ListRemotesAsync(CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return await QueryAsync(db, RemoteSelect + " ORDER BY app", ReadRemote, cancellationToken);
    }

    public async Task<bool> RemoveRemoteAsync(string app, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        await using var tx = await db.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(db, tx, "DELETE FROM remote_refs WHERE app = @app", cancellationToken, ("@app", app));
        var removed = await ScalarAsync<long>(db, tx, "DELETE FROM remotes WHERE app = @app RETURNING 1", cancellationToken, ("@app", app));
        await tx.CommitAsync(cancellationToken);
        return removed == 1;
    }

    public async Task SetRemoteStatusAsync(string app, string status, string? error, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        await ExecuteAsync(db, null, "UPDATE remotes SET status = @status, error = @error, checked_at = @now WHERE app = @app", cancellationToken,
            ("@app", app), ("@status", status), ("@error", error), ("@now", Timestamp(now)));
    }

    public async Task<IReadOnlyDictionary<string, string>> GetRemoteRefsAsync(string app, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        var rows = await QueryAsync(db, "SELECT ref, commit_sha FROM remote_refs WHERE app = @app", r => (r.GetString(0), r.GetString(1)), cancellationToken, ("@app", app));
        return rows.ToDictionary(r => r.Item1, r => r.Item2, StringComparer.Ordinal);
    }

    public async Task SetRemoteRefAsync(string app, string gitRef, string? commit, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        if (commit is null)
        {
            await ExecuteAsync(db, null, "DELETE FROM remote_refs WHERE app = @app AND ref = @ref", cancellationToken, ("@app", app), ("@ref", gitRef));
            return;
        }

        await ExecuteAsync(db, null,
            "INSERT INTO remote_refs (app, ref, commit_sha) VALUES (@app, @ref, @commit) ON CONFLICT (app, ref) DO UPDATE SET commit_sha = excluded.commit_sha", cancellationToken,
            ("@app", app), ("@ref", gitRef), ("@commit", commit));
    }

    public async Task<bool> AddDeliveryAsync(string id, string app, DateTimeOffset now, DateTimeOffset forgetBefore, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        await ExecuteAsync(db, null, "DELETE FROM webhook_deliveries WHERE received_at < @before", cancellationToken, ("@before", Timestamp(forgetBefore)));
        return await ScalarAsync<long>(db, null,
            "INSERT INTO webhook_deliveries (id, app, received_at) VALUES (@id, @app, @now) ON CONFLICT DO NOTHING RETURNING 1", cancellationToken,
            ("@id", id), ("@app", app), ("@now", Timestamp(now))) == 1;
    }

    private RemoteRecord ReadRemote(DbDataReader r)
    {
        var app = r.GetString(0);
        return new RemoteRecord(app, r.GetString(1), r.GetString(2), r.GetString(3), r.GetBoolean(4),
            r.IsDBNull(5) ? null : secrets.Open(r.GetString(5), CredentialsContext(app)),
            secrets.Open(r.GetString(6), WebhookSecretContext(app)),
            r.IsDBNull(7) ? null : r.GetInt32(7), r.GetString(8), NullableString(r, 9), NullableTimestamp(r, 10), ReadTimestamp(r, 11));
    }

    private static string CredentialsContext(string app) => $"the remote credentials of {app}";

    private static string WebhookSecretContext(string app) => $"the webhook secret of {app}";
}
