using System.Data.Common;

namespace AppLauncher.Store;

/// <summary>The identity half of the store: users, teams, memberships, hashed tokens and the audit log.</summary>
internal abstract partial class SqlStore
{
    private const string TokenSelect = "SELECT id, name, user_name, team, role, app, created_at, expires_at, last_used_at, revoked_at FROM tokens";

    private const string AuditSelect = "SELECT id, at, actor, action, app, target, outcome, detail FROM audit";

    public async Task<UserRecord> EnsureUserAsync(string name, bool owner, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using (var db = await OpenAsync(cancellationToken))
        {
            await ExecuteAsync(db, null, "INSERT INTO users (name, owner, created_at) VALUES (@name, @owner, @now) ON CONFLICT DO NOTHING", cancellationToken,
                ("@name", name), ("@owner", owner), ("@now", Timestamp(now)));
            if (owner)
            {
                await ExecuteAsync(db, null, "UPDATE users SET owner = @owner WHERE name = @name", cancellationToken, ("@name", name), ("@owner", true));
            }
        }

        return (await GetUserAsync(name, cancellationToken))!;
    }

    public async Task<UserRecord?> GetUserAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return (await QueryAsync(db, "SELECT name, owner, created_at FROM users WHERE name = @name",
            r => new UserRecord(r.GetString(0), r.GetBoolean(1), ReadTimestamp(r, 2)), cancellationToken, ("@name", name))).SingleOrDefault();
    }

    public async Task<bool> CreateTeamAsync(string name, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return await ScalarAsync<long>(db, null, "INSERT INTO teams (name, created_at) VALUES (@name, @now) ON CONFLICT DO NOTHING RETURNING 1", cancellationToken,
            ("@name", name), ("@now", Timestamp(now))) == 1;
    }

    public async Task<IReadOnlyList<TeamRecord>> ListTeamsAsync(CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return await QueryAsync(db, "SELECT name, created_at, team_domains FROM teams ORDER BY name",
            r => new TeamRecord(r.GetString(0), ReadTimestamp(r, 1), r.GetBoolean(2)), cancellationToken);
    }

    public async Task<bool> SetTeamDomainsAsync(string team, bool teamDomains, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return await ScalarAsync<long>(db, null, "UPDATE teams SET team_domains = @on WHERE name = @name RETURNING 1", cancellationToken,
            ("@on", teamDomains), ("@name", team)) == 1;
    }

    public async Task SetMembershipAsync(string team, string user, string role, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        await using var tx = await db.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(db, tx, "INSERT INTO users (name, owner, created_at) VALUES (@name, @owner, @now) ON CONFLICT DO NOTHING", cancellationToken,
            ("@name", user), ("@owner", false), ("@now", Timestamp(now)));
        await ExecuteAsync(db, tx,
            "INSERT INTO memberships (team, user_name, role) VALUES (@team, @user, @role) ON CONFLICT (team, user_name) DO UPDATE SET role = excluded.role", cancellationToken,
            ("@team", team), ("@user", user), ("@role", role));
        await tx.CommitAsync(cancellationToken);
    }

    public async Task<bool> RemoveMembershipAsync(string team, string user, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return await ScalarAsync<long>(db, null, "DELETE FROM memberships WHERE team = @team AND user_name = @user RETURNING 1", cancellationToken,
            ("@team", team), ("@user", user)) == 1;
    }

    public async Task<IReadOnlyList<MembershipRecord>> ListMembershipsAsync(string? user, string? team, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        // Conditions are added, not written as "@p IS NULL OR …": PostgreSQL cannot type a parameter that is only ever null.
        var where = string.Join(" AND ", new[] { user is null ? null : "user_name = @user", team is null ? null : "team = @team" }.OfType<string>());
        return await QueryAsync(db,
            "SELECT team, user_name, role FROM memberships" + (where.Length == 0 ? "" : " WHERE " + where) + " ORDER BY team, user_name",
            r => new MembershipRecord(r.GetString(0), r.GetString(1), r.GetString(2)), cancellationToken, ("@user", user ?? ""), ("@team", team ?? ""));
    }

    public async Task<TokenRecord> AddTokenAsync(string hash, string name, string user, string? team, string? role, string? app, DateTimeOffset now, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        var id = await ScalarAsync<long>(db, null,
            """
            INSERT INTO tokens (hash, name, user_name, team, role, app, created_at, expires_at)
            VALUES (@hash, @name, @user, @team, @role, @app, @now, @expires) RETURNING id
            """, cancellationToken,
            ("@hash", hash), ("@name", name), ("@user", user), ("@team", team), ("@role", role), ("@app", app), ("@now", Timestamp(now)),
            ("@expires", expiresAt is { } e ? Timestamp(e) : null));
        return new TokenRecord(id, name, user, team, role, app, now, expiresAt, null, null);
    }

    public async Task<TokenRecord?> FindTokenAsync(string hash, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return (await QueryAsync(db, TokenSelect + " WHERE hash = @hash", ReadToken, cancellationToken, ("@hash", hash))).SingleOrDefault();
    }

    public async Task<IReadOnlyList<TokenRecord>> ListTokensAsync(string? user, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return await QueryAsync(db, TokenSelect + (user is null ? "" : " WHERE user_name = @user") + " ORDER BY id", ReadToken, cancellationToken, ("@user", user ?? ""));
    }

    public async Task<TokenRecord?> GetTokenAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return (await QueryAsync(db, TokenSelect + " WHERE id = @id", ReadToken, cancellationToken, ("@id", id))).SingleOrDefault();
    }

    public async Task<bool> RevokeTokenAsync(long id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return await ScalarAsync<long>(db, null, "UPDATE tokens SET revoked_at = @now WHERE id = @id AND revoked_at IS NULL RETURNING 1", cancellationToken,
            ("@id", id), ("@now", Timestamp(now))) == 1;
    }

    public async Task TouchTokenAsync(long id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        await ExecuteAsync(db, null, "UPDATE tokens SET last_used_at = @now WHERE id = @id", cancellationToken, ("@id", id), ("@now", Timestamp(now)));
    }

    public async Task SetAppTeamAsync(string app, string team, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        await ExecuteAsync(db, null, "UPDATE apps SET team = @team WHERE name = @app", cancellationToken, ("@app", app), ("@team", team));
    }

    public async Task AddAuditAsync(DateTimeOffset at, string actor, string action, string? app, string? target, string outcome, string? detail, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        await ExecuteAsync(db, null,
            "INSERT INTO audit (at, actor, action, app, target, outcome, detail) VALUES (@at, @actor, @action, @app, @target, @outcome, @detail)", cancellationToken,
            ("@at", Timestamp(at)), ("@actor", actor), ("@action", action), ("@app", app), ("@target", target), ("@outcome", outcome), ("@detail", detail));
    }

    public async Task AddLoginFailuresAsync(IReadOnlyList<string> keys, DateTimeOffset now, DateTimeOffset forgetBefore, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        await using var tx = await db.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(db, tx, "DELETE FROM login_failures WHERE at_ms < @before", cancellationToken, ("@before", forgetBefore.ToUnixTimeMilliseconds()));
        foreach (var key in keys)
        {
            await ExecuteAsync(db, tx, "INSERT INTO login_failures (login_key, at_ms) VALUES (@key, @at)", cancellationToken, ("@key", key), ("@at", now.ToUnixTimeMilliseconds()));
        }

        await tx.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<DateTimeOffset>> ListLoginFailuresAsync(string key, DateTimeOffset after, int limit, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return await QueryAsync(db, "SELECT at_ms FROM login_failures WHERE login_key = @key AND at_ms > @after ORDER BY at_ms DESC, id DESC LIMIT @limit",
            r => DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(0)), cancellationToken, ("@key", key), ("@after", after.ToUnixTimeMilliseconds()), ("@limit", limit));
    }

    public async Task<IReadOnlyList<AuditRecord>> ListAuditAsync(string? app, DateTimeOffset? since, int limit, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        var rows = await QueryAsync(db, AuditSelect + (app is null ? "" : " WHERE app = @app") + " ORDER BY id DESC LIMIT @limit",
            r => new AuditRecord(r.GetInt64(0), ReadTimestamp(r, 1), r.GetString(2), r.GetString(3), NullableString(r, 4), NullableString(r, 5), r.GetString(6), NullableString(r, 7)),
            cancellationToken, ("@app", app ?? ""), ("@limit", limit));

        // Filtered here: timestamps are text in SQLite and timestamptz in PostgreSQL, and the rows are few.
        return since is { } s ? [.. rows.Where(r => r.At >= s)] : rows;
    }

    private TokenRecord ReadToken(DbDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), r.GetString(2), NullableString(r, 3), NullableString(r, 4), NullableString(r, 5),
            ReadTimestamp(r, 6), NullableTimestamp(r, 7), NullableTimestamp(r, 8), NullableTimestamp(r, 9));
}
